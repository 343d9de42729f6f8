// Everything the CLI touches outside itself, injectable so tests run it in-process with buffers.
import type { Readable } from 'node:stream';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal: colours and spinners only then. */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stdin: process.stdin,
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** Colours only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function colorEnabled(io: CliIo, stream: 'stdout' | 'stderr'): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
}

export const red = (s: string, on: boolean) => (on ? `\u001b[31m${s}\u001b[0m` : s);
