// Runs the CLI in this test process (apps/cli's `run`) with buffers for its streams, a private
// config directory and no CONNECTPLANE_* variables unless given: fast enough for many calls per test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { run } from '../../../apps/cli/src/program';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Cli = (
  args: string[],
  opts?: { stdin?: string; env?: Record<string, string>; tty?: boolean },
) => Promise<CliResult>;

export function inProcessCli(baseEnv: Record<string, string> = {}): { cli: Cli; configHome: string } {
  const configHome = mkdtempSync(join(tmpdir(), 'cp-cli-'));
  const cli: Cli = async (args, opts = {}) => {
    const out = { stdout: '', stderr: '' };
    const code = await run(args, {
      stdout: (t) => void (out.stdout += t),
      stderr: (t) => void (out.stderr += t),
      stdin: Readable.from(opts.stdin !== undefined ? [opts.stdin] : []),
      env: { XDG_CONFIG_HOME: configHome, ...baseEnv, ...opts.env },
      stdoutIsTTY: Boolean(opts.tty),
      stderrIsTTY: Boolean(opts.tty),
    });
    return { code, ...out };
  };
  return { cli, configHome };
}

/** Fails with the CLI's own output when a command did not exit 0. */
export function ok(r: CliResult): CliResult {
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}
