// npm start's supervisor (scripts/supervisor.ts) with tiny real processes: a crashing one is
// restarted with doubling, capped delays and a log line each time, while its sibling keeps
// running untouched; stop() ends everything and nothing restarts afterwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRestartDelay, Supervisor, DEFAULT_BACKOFF } from '../../scripts/supervisor';
import { waitFor } from '../support/wait-for';

describe('restart backoff', () => {
  it('starts at 1 s, doubles to 30 s, and starts over after a healthy minute', () => {
    const delays: number[] = [];
    let d: number | null = null;
    for (let i = 0; i < 8; i++) delays.push((d = nextRestartDelay(d, 100, DEFAULT_BACKOFF)));
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    assert.equal(nextRestartDelay(30_000, 59_999, DEFAULT_BACKOFF), 30_000);
    assert.equal(nextRestartDelay(30_000, 60_000, DEFAULT_BACKOFF), 1000);
  });
});

describe('Supervisor', () => {
  it('restarts a process that exits, with a log line, and leaves the others alone', async () => {
    const lines: string[] = [];
    const sup = new Supervisor(
      [
        { name: 'crasher', command: process.execPath, args: ['-e', 'console.log("up"); process.exit(3)'] },
        {
          name: 'steady',
          command: process.execPath,
          args: ['-e', 'console.log("steady up"); setInterval(() => {}, 1000)'],
        },
      ],
      { backoff: { initialMs: 20, maxMs: 80, resetAfterMs: 60_000 }, write: (l) => lines.push(l) },
    );
    sup.start();
    await waitFor('steady up', () => lines.includes('[steady] steady up'));
    const steady = sup.child('steady')!;
    const restarts = () => lines.filter((l) => l.startsWith('[crasher] exited (3); restarting in'));
    await waitFor('five restarts', () => restarts().length >= 5);
    assert.deepEqual(
      restarts()
        .slice(0, 5)
        .map((l) => l.replace('[crasher] exited (3); restarting in ', '')),
      ['0.02 s', '0.04 s', '0.08 s', '0.08 s', '0.08 s'],
    );
    assert.ok(lines.filter((l) => l === '[crasher] up').length >= 5, 'the crasher really ran again');
    assert.equal(sup.child('steady'), steady, 'the sibling was not restarted');
    assert.equal(steady.exitCode, null);

    const exited = new Promise<string | null>((r) => steady.once('exit', (_code, signal) => r(signal)));
    await sup.stop();
    assert.equal(await exited, 'SIGTERM');
    const after = restarts().length;
    const launches = lines.filter((l) => l === '[crasher] up').length;
    // An observation window, the point of the check: longer than any pending restart delay.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(restarts().length, after, 'no restart after stop');
    assert.equal(lines.filter((l) => l === '[crasher] up').length, launches, 'no launch after stop');
    assert.equal(sup.child('crasher'), null);
  });
});
