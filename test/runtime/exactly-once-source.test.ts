// Exactly-once source delivery (KIP-618, issue 14 point 3) end to end on the real embedded broker:
// records and their offsets committed in one transaction of the task's transactional producer, read
// back by read_committed consumers exactly once; the runtime's boundaries (poll, interval) and the
// connector's own (CounterSource's commits and aborts); the offsets topic holding the connector's
// offsets; a second instance of the task (same transactional id) fencing the first, whose next send
// fails. Faults: exactly-once-worker-kill.test.ts and exactly-once-datagen-faults.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Producer } from 'kafkajs';
import {
  ConnectRuntime,
  DEFAULT_OFFSETS_TOPIC,
  initTransactionalProducer,
  readOffsetsTopic,
  transactionalIdOf,
} from '@libs/connect-runtime';
import {
  allTasksIn,
  createConnector,
  fixtureRuntime,
  platformKafka,
  runtimeFixture,
  tasksOf,
  type RuntimeFixture,
} from './support';
import { waitFor } from '../support/wait-for';
import { EOS, assertContiguousOnce, counterValues, mirrorOffset, readCommitted } from './exactly-once-support';

describe('exactly-once sources on the embedded broker', () => {
  let f: RuntimeFixture;
  let rt: ConnectRuntime;
  const logs: { level: string; event: string; fields: Record<string, unknown> }[] = [];

  before(async () => {
    f = await runtimeFixture();
    rt = fixtureRuntime(f, {
      workerId: 'w-eos',
      log: (level, event, fields) => logs.push({ level, event, fields }),
    });
    await rt.start();
  });

  after(async () => {
    await rt?.close();
    await f?.close();
  });

  for (const boundary of ['poll', 'interval'] as const) {
    it(`transaction.boundary=${boundary}: each record once in read_committed, offsets in the offsets topic`, async () => {
      const topic = `eos-${boundary}`;
      const id = await createConnector(f, 'CounterSource', {
        ...EOS,
        'transaction.boundary': boundary,
        ...(boundary === 'interval' ? { 'transaction.boundary.interval.ms': '300' } : {}),
        topic,
        'batch.size': '7',
        'poll.interval.ms': '20',
        'max.records': '100',
      });
      await waitFor('task RUNNING', () => allTasksIn(f, id, 'RUNNING', 1)).catch(async (e: Error) => {
        throw new Error(`${e.message}\n${JSON.stringify(await tasksOf(f, id))}\n${JSON.stringify(logs.slice(-15))}`);
      });
      await waitFor('the last offset committed (mirror)', async () => (await mirrorOffset(f, id)) === 99);
      const records = await readCommitted(f, topic);
      assert.equal(records.length, 100);
      assertContiguousOnce(counterValues(records), boundary);
      // the truth a restart starts from: the offsets topic, written in the records' transactions
      const topicOffsets = await readOffsetsTopic(platformKafka(f, 'eos-offsets'), DEFAULT_OFFSETS_TOPIC, id);
      assert.equal(topicOffsets.size, 1);
      const [entry] = [...topicOffsets.values()];
      assert.deepEqual(entry.partition, { task: 0 });
      assert.deepEqual(entry.current, { n: 99 });
      assert.ok(
        logs.some((l) => l.event === 'exactly-once delivery' && l.fields.boundary === boundary),
        'the task ran with exactly-once delivery',
      );
      await f.db.connector.delete({ where: { id } });
    });
  }

  it('transaction.boundary=connector: the task’s commits and aborts, aborted records never read, offsets past them', async () => {
    const topic = 'eos-connector-boundary';
    const id = await createConnector(f, 'CounterSource', {
      ...EOS,
      'transaction.boundary': 'connector',
      'transaction.commit.every': '10', // a transaction per 10 records, across poll batches of 7
      'transaction.abort.every': '3', // the 3rd, 6th and 9th of them aborted
      topic,
      'batch.size': '7',
      'poll.interval.ms': '20',
      'max.records': '100',
    });
    await waitFor('task RUNNING', () => allTasksIn(f, id, 'RUNNING', 1));
    await waitFor('the last offset committed (mirror)', async () => (await mirrorOffset(f, id)) === 99);
    const ns = counterValues(await readCommitted(f, topic)).sort((a, b) => a - b);
    const aborted = (n: number) => Math.floor(n / 10) % 3 === 2;
    assert.deepEqual(
      ns,
      Array.from({ length: 100 }, (_, n) => n).filter((n) => !aborted(n)),
      'read_committed sees the committed transactions, each record once, none of the aborted ones',
    );
    const topicOffsets = await readOffsetsTopic(platformKafka(f, 'eos-offsets-connector'), DEFAULT_OFFSETS_TOPIC, id);
    assert.deepEqual([...topicOffsets.values()][0]?.current, { n: 99 }, 'the offsets topic holds the last record');
    assert.ok(logs.some((l) => l.event === 'exactly-once delivery' && l.fields.boundary === 'connector'));
    await f.db.connector.delete({ where: { id } });
  });

  it('DatagenSource (declares SUPPORTED) with a fixed seed and iterations: each record once', async () => {
    const topic = 'eos-datagen';
    const id = await createConnector(f, 'DatagenSource', {
      ...EOS,
      'exactly.once.support': 'required',
      'kafka.topic': topic,
      quickstart: 'orders',
      'max.interval': '10',
      iterations: '50',
      'random.seed': '7',
      'output.data.format': 'JSON',
      'tasks.max': '1',
    });
    await waitFor('task RUNNING', () => allTasksIn(f, id, 'RUNNING', 1));
    const records = await waitFor(
      '50 committed records',
      async () => {
        const r = await readCommitted(f, topic).catch(() => []);
        return r.length >= 50 ? r : null;
      },
      30_000,
    );
    assert.equal(records.length, 50);
    assert.equal(new Set(records.map((r) => r.value)).size, 50, 'no record twice');
    const topicOffsets = await readOffsetsTopic(platformKafka(f, 'eos-offsets'), DEFAULT_OFFSETS_TOPIC, id);
    assert.equal(topicOffsets.size, 1, 'the Datagen task offset is in the offsets topic');
    await f.db.connector.delete({ where: { id } });
  });

  it('a second instance of the task (same transactional id) fences the first: its next send fails, nothing twice', async () => {
    const topic = 'eos-fenced';
    const id = await createConnector(f, 'CounterSource', {
      ...EOS,
      topic,
      'batch.size': '5',
      'poll.interval.ms': '30',
    });
    await waitFor('task RUNNING', () => allTasksIn(f, id, 'RUNNING', 1));
    await waitFor('records flowing', async () => ((await mirrorOffset(f, id)) ?? -1) >= 30);
    const failuresBefore = logs.filter((l) => JSON.stringify(l).includes('was fenced by another instance')).length;
    // the second instance: InitProducerId for the task's transactional id bumps the epoch
    const second: Producer = await initTransactionalProducer(
      platformKafka(f, 'eos-second-instance'),
      transactionalIdOf(f.clusterId, id, 0),
    );
    try {
      await waitFor(
        "the first instance's next send fails as fenced",
        async () =>
          logs.filter((l) => JSON.stringify(l).includes('was fenced by another instance')).length > failuresBefore,
        20_000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}\n${JSON.stringify(logs.slice(-10))}`);
      });
      // a transaction of the second instance commits: the fenced one can no longer
      const t = await second.transaction();
      await t.commit();
    } finally {
      await second.disconnect();
    }
    // the task fails and is restarted (its own restart fences the second instance in turn)
    const before = (await mirrorOffset(f, id)) ?? -1;
    await waitFor('the restarted task commits again', async () => ((await mirrorOffset(f, id)) ?? -1) > before + 10);
    await f.db.connector.update({ where: { id }, data: { targetState: 'PAUSED' } });
    await waitFor('task PAUSED', () => allTasksIn(f, id, 'PAUSED', 1));
    const records = await readCommitted(f, topic);
    assertContiguousOnce(counterValues(records), 'fenced and restarted');
    assert.equal(Math.max(...counterValues(records)), await mirrorOffset(f, id));
    await f.db.connector.delete({ where: { id } });
  });
});
