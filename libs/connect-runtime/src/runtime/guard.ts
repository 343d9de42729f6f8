// Background work and event handlers of the runtime must never end the process: a rejection
// nobody awaits, or a throw inside an emitter's listener, is fatal to Node. One tenant's
// connector failing in such a place would stop every tenant's tasks on the worker. These two
// wrappers log the failure (with the connector id when there is one) and carry on.
import type { RuntimeLog } from './runtime-log';

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Starts background work whose failure is logged, never left unhandled. */
export function background(
  log: RuntimeLog,
  event: string,
  fields: Record<string, unknown>,
  work: () => Promise<unknown>,
): void {
  let p: Promise<unknown>;
  try {
    p = work();
  } catch (e) {
    p = Promise.reject(e);
  }
  p.catch((e: unknown) => {
    try {
      log('error', event, { ...fields, error: errorText(e) });
    } catch {
      // the logger itself failed (stdout closed): nothing left to tell
    }
  });
}

/** An event listener that logs what it throws instead of letting it reach the emitter. */
export function guarded<A extends unknown[]>(
  log: RuntimeLog,
  event: string,
  listener: (...args: A) => void,
): (...args: A) => void {
  return (...args: A) => {
    try {
      listener(...args);
    } catch (e) {
      try {
        log('error', event, { error: errorText(e) });
      } catch {
        // the logger itself failed
      }
    }
  };
}

/** A plugin call that hangs would stall every connector behind it in the pass: bound it (sync plugin methods pass their value). */
export async function withinTime<T>(what: string, ms: number, work: T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
