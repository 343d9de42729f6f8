// The processes `npm start` runs, compiled (dist/), with their node flags; benches that spawn a
// worker "as npm start runs it" read the same list.
export interface StartedProcess {
  name: 'broker' | 'api' | 'worker';
  entry: string;
  nodeArgs: string[];
}

export const PROCESSES: StartedProcess[] = [
  { name: 'broker', entry: 'dist/apps/broker/src/main.js', nodeArgs: [] },
  { name: 'api', entry: 'dist/apps/api/src/main.js', nodeArgs: [] },
  // A smaller young generation keeps a worker with 100 tasks near 230 MB (docs/benchmarks.md).
  { name: 'worker', entry: 'dist/apps/worker/src/main.js', nodeArgs: ['--max-semi-space-size=8'] },
];

export function startedProcess(name: StartedProcess['name']): StartedProcess {
  return PROCESSES.find((p) => p.name === name)!;
}
