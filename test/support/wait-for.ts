// Tests wait for the condition they need, never for a fixed time: a sleep is either too short on a
// busy machine (a flaky test) or too long everywhere (a slow one).

/** Thrown by a condition to end the wait at once, e.g. when the process waited on has exited. */
export class WaitAborted extends Error {}

/**
 * Polls `condition` until it returns a truthy value, which is returned. Any other error thrown by
 * the condition counts as "not yet" (a row not there yet, a service restarting); the last one is in
 * the timeout error. `timeoutMs` only bounds a hang: it is generous on purpose, no assertion on speed.
 */
export async function waitFor<T>(
  what: string,
  condition: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await condition();
      if (v) return v;
    } catch (e) {
      if (e instanceof WaitAborted) throw e;
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
