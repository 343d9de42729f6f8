// Exactly-once source delivery under a fault: a worker killed mid-stream and another taking over
// with neither duplicate nor gap.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createConnector,
  runtimeFixture,
  spawnWorker,
  tasksOf,
  type RuntimeFixture,
  type SpawnedWorker,
} from './support';
import { waitFor } from '../support/wait-for';
import { EOS, assertContiguousOnce, counterValues, mirrorOffset, readCommitted } from './exactly-once-support';

describe('exactly-once source: a worker killed mid-stream', () => {
  let f: RuntimeFixture;
  const workers: SpawnedWorker[] = [];

  before(async () => {
    f = await runtimeFixture();
  });

  after(async () => {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await f?.close();
  });

  it('another worker resumes from the offsets topic: no duplicate, no gap in read_committed', async () => {
    const env = { WORKER_CAPACITY: '10', CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200' };
    const first = spawnWorker(f, 'eosA', env);
    workers.push(first);
    await first.ready;
    const topic = 'eos-killed';
    const id = await createConnector(f, 'CounterSource', {
      ...EOS,
      topic,
      'batch.size': '5',
      'poll.interval.ms': '20',
    });
    await waitFor('task RUNNING on the first worker', async () => {
      const [t] = await tasksOf(f, id);
      return t?.state === 'RUNNING' && t.workerId === 'eosA';
    });
    await waitFor('records flowing', async () => ((await mirrorOffset(f, id)) ?? -1) >= 40);
    first.proc.kill('SIGKILL'); // mid-stream: an open transaction, no clean stop
    await new Promise((r) =>
      first.proc.exitCode !== null || first.proc.signalCode !== null ? r(undefined) : first.proc.once('exit', r),
    );
    const atKill = (await mirrorOffset(f, id)) ?? -1;
    const second = spawnWorker(f, 'eosB', env);
    workers.push(second);
    await second.ready;
    await waitFor(
      'the task taken over and committing',
      async () => {
        const [t] = await tasksOf(f, id);
        return t?.workerId === 'eosB' && t.state === 'RUNNING' && ((await mirrorOffset(f, id)) ?? -1) > atKill + 20;
      },
      40_000,
    );
    await f.db.connector.update({ where: { id }, data: { targetState: 'PAUSED' } });
    await waitFor('task PAUSED', async () => (await tasksOf(f, id))[0]?.state === 'PAUSED');
    const records = await readCommitted(f, topic);
    const ns = counterValues(records);
    assertContiguousOnce(ns, 'killed and taken over');
    assert.equal(Math.max(...ns), await mirrorOffset(f, id));
    second.proc.kill('SIGTERM');
    await new Promise((r) => (second.proc.exitCode !== null ? r(undefined) : second.proc.once('exit', r)));
  });
});

/** The Datagen task's `current.iteration` in the Postgres mirror of its offset (null: none yet). */
