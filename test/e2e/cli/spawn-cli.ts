// Runs the real `connectplane` executable (bin/connectplane.js, as npx runs it) in a child process
// with a private config directory: what a user's shell script gets, exit codes included.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cli, CliResult } from './cli-runner';

export const BIN = join(__dirname, '..', '..', '..', 'bin', 'connectplane.js');

export function cliEnv(configHome: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: configHome, ...extra };
  for (const k of ['CONNECTPLANE_URL', 'CONNECTPLANE_API_KEY', 'CONNECTPLANE_API_SECRET', 'NO_COLOR'])
    if (!(k in extra)) delete env[k];
  return env;
}

export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): ChildProcess & { out: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcess & {
    out: { stdout: string; stderr: string };
  };
  child.out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (child.out.stdout += d));
  child.stderr!.on('data', (d) => (child.out.stderr += d));
  return child;
}

export function exited(child: ChildProcess & { out: { stdout: string; stderr: string } }): Promise<CliResult> {
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: child.out.stdout, stderr: child.out.stderr })),
  );
}

export function spawnedCli(extraEnv: Record<string, string> = {}): {
  cli: Cli;
  configHome: string;
  env: NodeJS.ProcessEnv;
} {
  const configHome = mkdtempSync(join(tmpdir(), 'cp-cli-'));
  const env = cliEnv(configHome, extraEnv);
  const cli: Cli = async (args, opts = {}) => {
    const child = startCli(args, { ...env, ...opts.env });
    child.stdin!.end(opts.stdin ?? '');
    return exited(child);
  };
  return { cli, configHome, env };
}
