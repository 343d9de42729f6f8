// Shared bits of the private-server test helpers (private-postgres.ts, private-redis.ts): cleanup
// when the test process exits and waiting for a condition.

const cleanups = new Set<() => void>();
let hooked = false;

/** Runs `fn` (synchronously) when the process exits or is interrupted; returns an unregister function. */
export function onProcessExit(fn: () => void): () => void {
  if (!hooked) {
    hooked = true;
    const runAll = () => {
      for (const f of [...cleanups]) {
        try {
          f();
        } catch {
          // best effort: the process is going away
        }
      }
      cleanups.clear();
    };
    process.once('exit', runAll);
    for (const sig of ['SIGINT', 'SIGTERM'] as const)
      process.once(sig, () => {
        runAll();
        process.exit(130);
      });
  }
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}
