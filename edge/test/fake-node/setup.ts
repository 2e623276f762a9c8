// Vitest global setup of the workerd tests: starts the fake judge node in Node and
// hands its origins to the pool (see vitest.config.ts).
import type { TestProject } from 'vitest/node';
import { startFakeNode } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fakeNodeOrigin: string;
    refusedOrigin: string;
  }
}

export default async function setup(project: TestProject) {
  const node = await startFakeNode();
  project.provide('fakeNodeOrigin', node.origin);
  project.provide('refusedOrigin', node.refusedOrigin);
  return () => node.close();
}
