// The process-level handlers every service installs (libs/config process-faults.ts), in a real
// child process: an unhandled rejection is logged and the process keeps serving; an uncaught
// exception is logged as fatal and the process exits non-zero for its supervisor to restart it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

function runChild(mode: string): Promise<{ code: number | null; lines: string[] }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'fault-child.ts'), mode], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) =>
    child.once('close', (code) => resolve({ code, lines: out.split('\n').filter(Boolean) })),
  );
}

const json = (lines: string[]) =>
  lines.flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, any>]; // eslint-disable-line @typescript-eslint/no-explicit-any
    } catch {
      return [];
    }
  });

describe('process fault handlers', () => {
  it('unhandled rejection: logged with its error, and the process keeps serving', async () => {
    const { code, lines } = await runChild('rejection');
    assert.equal(code, 0, lines.join('\n'));
    const logged = json(lines).find((l) => /unhandled promise rejection/.test(l.msg));
    assert.ok(logged, lines.join('\n'));
    assert.equal(logged.level, 50); // pino "error"
    assert.match(logged.err.message, /stray rejection of one tenant/);
    assert.ok(lines.includes('still serving'), lines.join('\n'));
  });

  it('uncaught exception: logged as fatal, then exit 1 (the supervisor restarts the process)', async () => {
    const { code, lines } = await runChild('exception');
    assert.equal(code, 1, lines.join('\n'));
    const logged = json(lines).find((l) => /uncaught exception/.test(l.msg));
    assert.ok(logged, lines.join('\n'));
    assert.equal(logged.level, 60); // pino "fatal"
    assert.match(logged.err.message, /corrupting throw/);
    assert.ok(!lines.includes('should never print'));
  });
});
