// Waiting on the control plane (`--wait`): polls until a condition holds, with the current state
// on a spinner line when stderr is a terminal, and fails with the last state at the deadline.
import { CliError } from '../errors';
import { Spinner } from '../output/spinner';
import type { Session } from '../session';

export interface PollStep<T> {
  done: boolean;
  value: T;
  progress: string;
}

export async function pollUntil<T>(
  session: Session,
  seconds: number,
  step: () => Promise<PollStep<T>>,
  everyMs = 500,
): Promise<T> {
  const spinner = new Spinner(session.io);
  const deadline = Date.now() + seconds * 1000;
  try {
    for (;;) {
      const s = await step();
      // drawn before the check too, so a terminal always shows what was waited on, however short
      spinner.update(s.progress);
      if (s.done) return s.value;
      if (Date.now() > deadline) throw new CliError(`timed out after ${seconds} s: ${s.progress}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  } finally {
    spinner.stop();
  }
}
