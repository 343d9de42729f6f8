// A zombie sends nothing (issue 12, fault 3): a real worker process is frozen (SIGSTOP) while its
// source task produces, another worker takes the task over (higher epoch), the connector is
// paused so nothing else writes to the topic, and the frozen worker is resumed (SIGCONT). It must
// find out that it was fenced before its next send: the topic's end offsets do not move.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createConnector,
  runtimeFixture,
  spawnWorker,
  tasksOf,
  type RuntimeFixture,
  type SpawnedWorker,
  platformKafka,
} from './support';
import { waitFor } from '../support/wait-for';

const TOPIC = 'zombie';

describe('a frozen worker resumed after its task moved', () => {
  let f: RuntimeFixture;
  const workers: SpawnedWorker[] = [];

  before(async () => {
    f = await runtimeFixture();
    for (const id of ['zA', 'zB'])
      workers.push(spawnWorker(f, id, { WORKER_CAPACITY: '10', CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200' }));
    await Promise.all(workers.map((w) => w.ready));
  });

  after(async () => {
    for (const w of workers) {
      if (w.proc.exitCode === null && w.proc.signalCode === null) {
        w.proc.kill('SIGCONT');
        w.proc.kill('SIGKILL');
      }
    }
    await f?.close();
  });

  const endOffset = async (): Promise<number> => {
    const admin = platformKafka(f, 'zombie-test').admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(TOPIC);
      return offsets.reduce((sum, o) => sum + Number(o.high), 0);
    } finally {
      await admin.disconnect();
    }
  };

  it('produces zero records after SIGCONT', async () => {
    const id = await createConnector(f, 'CounterSource', {
      topic: TOPIC,
      'tasks.max': '1',
      'batch.size': '5',
      'poll.interval.ms': '20',
    });
    const [running] = await waitFor('task RUNNING', async () => {
      const ts = await tasksOf(f, id);
      return ts.length === 1 && ts[0].state === 'RUNNING' ? ts : null;
    });
    await waitFor('records flowing', async () => (await endOffset()) > 50);
    const zombie = workers.find((w) => w.id === running.workerId)!;
    zombie.proc.kill('SIGSTOP');
    await waitFor(
      'task taken over by the other worker',
      async () => {
        const [t] = await tasksOf(f, id);
        return t.state === 'RUNNING' && t.workerId !== zombie.id && t.epoch > running.epoch;
      },
      20_000,
    ).catch(async (e: Error) => {
      const other = workers.find((w) => w !== zombie)!;
      const busy = await f.db.$queryRaw<
        unknown[]
      >`SELECT state, left(query, 120) AS q FROM pg_stat_activity WHERE state <> 'idle' AND datname = current_database()`;
      throw new Error(
        `${e.message}\n${JSON.stringify(await tasksOf(f, id))}\n${JSON.stringify(busy)}\n${other.output.slice(-15).join('\n')}`,
      );
    });
    // the new owner stops writing: from here on, only the zombie could move the topic
    await f.db.connector.update({ where: { id }, data: { targetState: 'PAUSED' } });
    await waitFor('task PAUSED by its new owner', async () => (await tasksOf(f, id))[0].state === 'PAUSED');
    const before = await endOffset();

    zombie.proc.kill('SIGCONT');
    await waitFor(
      'the zombie notices it was fenced',
      async () => zombie.output.some((l) => /"msg":"(fenced|lock lost, task aborted)"/.test(l) && l.includes(id)),
      15_000,
    );
    // a clean exit waits for every task job of the process: nothing of it can still be in flight
    zombie.proc.kill('SIGTERM');
    await new Promise((r) =>
      zombie.proc.exitCode !== null ? r(undefined) : zombie.proc.once('exit', () => r(undefined)),
    );
    const after = await endOffset();
    const fencedLines = zombie.output.filter((l) => /"msg":"(fenced|lock lost, task aborted)"/.test(l));
    process.stdout.write(`# zombie after SIGCONT: ${after - before} record(s) produced; ${fencedLines[0]}\n`);
    assert.equal(after - before, 0, 'the resumed zombie produced nothing');
    const [t] = await tasksOf(f, id);
    assert.notEqual(t.workerId, zombie.id, 'the task stays with its new owner');
  });
});
