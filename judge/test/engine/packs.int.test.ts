import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMemoryMb, compileSpec, runMemoryMb, runSpec, sandboxPids } from '../../src/exec/spec.js';
import { type Engine, type RunSpec, Sandbox } from '../../src/index.js';
import { createTestEngine } from '../support.js';

// What makes the packs fast is really used in the sandbox (read-only root, an unprivileged user, the pack's own
// environment): a speed-up that silently stopped working would only show as a slower benchmark.

const utf8 = new TextEncoder();
const LIMITS = { timeMs: 5000, memoryMb: 256, outputKb: 1024 };

let engine: Engine;
const sandboxes: Sandbox[] = [];

beforeAll(async () => {
  engine = await createTestEngine({ slots: 1 });
});

afterAll(async () => {
  for (const s of sandboxes) await s.destroy();
  await engine?.close();
});

/** A sandbox of the pack's image with `source` in its work directory and `stdin` as input. */
async function sandboxWith(language: string, source: string, stdin = ''): Promise<Sandbox> {
  const pack = engine.registry.get(language).pack;
  const sandbox = await Sandbox.create(engine.docker, {
    image: await engine.imageFor(language),
    memoryMb: Math.max(runMemoryMb(pack, LIMITS), pack.compile ? compileMemoryMb(pack) : 0),
    pids: sandboxPids(pack),
  });
  sandboxes.push(sandbox);
  await sandbox.put('work', pack.source, utf8.encode(source));
  await sandbox.put('in', 'input', utf8.encode(stdin));
  return sandbox;
}

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('cpp', () => {
  it('compiles a source that includes <bits/stdc++.h> with the precompiled header', async () => {
    const pack = engine.registry.get('cpp').pack;
    const sandbox = await sandboxWith('cpp', '#include <bits/stdc++.h>\nint main() { std::cout << 42 << "\\n"; }\n');
    const spec = compileSpec(pack);
    // -H lists the headers read; a precompiled header used is marked "!". -Winvalid-pch says why one is not.
    const usage = await sandbox.run({ ...spec, argv: [...spec.argv, '-H', '-Winvalid-pch'] });
    const stderr = text(usage.stderr);
    expect(usage.exitCode, stderr).toBe(0);
    expect(stderr).toMatch(/^! \S+\/bits\/stdc\+\+\.h\.gch$/m);
    expect(stderr).not.toMatch(/^\. \S+\/bits\/stdc\+\+\.h$/m);
  });
});

describe('java', () => {
  it('maps the JDK classes of javac and of the program from the image class-data-sharing archives', async () => {
    const pack = engine.registry.get('java').pack;
    const source =
      'import java.util.*;\npublic class Main { public static void main(String[] a) { Scanner s = new Scanner(System.in); System.out.println(s.nextInt() + 1); } }\n';
    const sandbox = await sandboxWith('java', source, '41\n');
    // The pack's own command, with _JAVA_OPTIONS (applied after the command line): -Xshare:on makes a JVM fail unless
    // it maps its archive, and the class loading log (too long for the output caps) is searched afterwards.
    const logged = (spec: RunSpec, cls: string): RunSpec => ({
      ...spec,
      argv: [
        '/bin/sh',
        '-c',
        `"$@" && grep -F '${cls} source: shared objects file' /tmp/classes.log`,
        'sh',
        ...spec.argv,
      ],
      env: { ...spec.env, _JAVA_OPTIONS: '-Xshare:on -Xlog:class+load=info:file=/tmp/classes.log' },
    });
    const c = await sandbox.run(logged(compileSpec(pack), 'com.sun.tools.javac.main.Main'));
    expect(c.exitCode, text(c.stderr) + text(c.stdout)).toBe(0);
    await sandbox.seal();
    const r = await sandbox.run(logged(runSpec(pack, LIMITS, 'input'), 'java.util.Scanner'));
    expect(r.exitCode, text(r.stderr)).toBe(0);
    expect(text(r.stdout)).toMatch(/^42\n.*java\.util\.Scanner source: shared objects file/s);
  });
});

describe('go', () => {
  it('compiles against the standard library built into the image, and hides internal packages', async () => {
    const pack = engine.registry.get('go').pack;
    const ok = await sandboxWith(
      'go',
      'package main\nimport ("fmt"; "slices"; "sort"; "strings")\nfunc main() { x := []int{3, 1, 2}; sort.Ints(x); fmt.Println(strings.Repeat("a", 2), slices.Max(x), min(4, 5)) }\n',
    );
    const c = await ok.run(compileSpec(pack));
    expect(c.exitCode, text(c.stderr)).toBe(0);
    await ok.seal();
    const r = await ok.run(runSpec(pack, LIMITS, 'input'));
    expect(text(r.stdout)).toBe('aa 3 4\n');

    const internal = await sandboxWith('go', 'package main\nimport _ "internal/abi"\nfunc main() {}\n');
    const ic = await internal.run(compileSpec(pack));
    expect(ic.exitCode).not.toBe(0);
    expect(text(ic.stdout) + text(ic.stderr)).toContain('could not import internal/abi');
  });
});

describe('javascript and typescript', () => {
  it.each(['javascript', 'typescript'])('%s runs on a Node.js with its startup snapshot', async (language) => {
    const pack = engine.registry.get(language).pack;
    const probe = "console.log(process.version, process.config.variables['node_use_node_snapshot']);\n";
    const sandbox = await sandboxWith(language, probe);
    if (pack.compile) {
      const c = await sandbox.run(compileSpec(pack));
      expect(c.exitCode, text(c.stderr)).toBe(0);
    }
    await sandbox.seal();
    const r = await sandbox.run(runSpec(pack, LIMITS, 'input'));
    expect(text(r.stdout)).toMatch(/^v\d+\.\d+\.\d+ true\n$/);
  });
});
