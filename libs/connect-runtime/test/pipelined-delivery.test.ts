// At-least-once delivery with batches in flight: acknowledgements are handled in poll order even
// when a later batch is acknowledged first, deliver() waits once the window is full, and a batch
// that fails for good fails the next deliver/tick/flush (its offsets and later ones stay pending).
// The Kafka client is a stand-in whose acknowledgements the test releases; no store is reached.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProducerBatch, ProducerRecord, RecordMetadata } from 'kafkajs';
import { SourceRecord } from '@libs/connect-spi';
import type { ConnectorRuntimeRepository } from '@libs/db';
import type { RecordProducer } from '@libs/kafka-clients';
import { RetryWithToleranceOperator, type ErrorHandlingConfig } from '../src/errors';
import { AtLeastOnceDelivery } from '../src/runtime/at-least-once-delivery';
import type { DeliveryHost, PolledRecord, Sent } from '../src/runtime/source-delivery';

/** A producer whose sends settle when the test says so, in any order. */
class HeldProducer implements RecordProducer {
  readonly held: { batch: ProducerBatch; ack(): void; fail(e: Error): void }[] = [];
  failSingles = false;
  sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    return new Promise((resolve, reject) => this.held.push({ batch, ack: () => resolve([]), fail: (e) => reject(e) }));
  }
  send(_record: ProducerRecord): Promise<RecordMetadata[]> {
    return this.failSingles ? Promise.reject(new Error('record too large')) : Promise.resolve([]);
  }
}

const tick = () => new Promise((r) => setImmediate(r));

function polled(n: number): PolledRecord {
  const record = new SourceRecord({ p: 0 }, { n }, 't', null, null, null, null, `v${n}`, 0);
  return { record, converted: { out: record, msg: { value: `v${n}` } } };
}

function errorConfig(tolerance: ErrorHandlingConfig['tolerance']): ErrorHandlingConfig {
  return {
    tolerance,
    retryTimeoutMs: 0,
    retryDelayMaxMs: 0,
    logEnable: false,
    logIncludeMessages: false,
    dlqTopic: null,
    dlqReplicationFactor: 1,
    dlqContextHeaders: false,
    window: null,
  };
}

function setUp(maxInFlight: number, tolerance: ErrorHandlingConfig['tolerance'], keepPayloads = false) {
  const producer = new HeldProducer();
  const events: string[] = [];
  const committed: SourceRecord[] = [];
  const host: DeliveryHost = {
    connectorId: 'lcc-test',
    taskId: 0,
    epoch: 1,
    repo: {} as ConnectorRuntimeRepository, // never reached: no flush with pending offsets here
    aborted: false,
    ensureCurrent: async () => undefined,
    fence: () => undefined,
    log: () => undefined,
    acknowledged: (sent: Sent[]) => void events.push(`ack ${sent.map((s) => String(s.msg.value)).join(',')}`),
    recordsCommitted: async (sent: Sent[], dropped: SourceRecord[]) => {
      committed.push(...sent.map((s) => s.record), ...dropped);
      events.push(`commit ${sent.length} dropped ${dropped.length}`);
    },
    offsetsCommitted: async () => undefined,
  };
  const operator = new RetryWithToleranceOperator(errorConfig(tolerance), { reporters: [] });
  const delivery = new AtLeastOnceDelivery(host, {
    producer,
    compression: 0,
    eh: { operator, dlq: null, sync: () => undefined },
    flushIntervalMs: 60_000,
    maxInFlight,
    keepPayloads,
  });
  return { producer, events, committed, delivery };
}

describe('at-least-once delivery, pipelined', () => {
  it('handles acknowledgements in poll order when a later batch is acknowledged first', async () => {
    const { producer, events, delivery } = setUp(4, 'none');
    await delivery.deliver([polled(1)]);
    await delivery.deliver([polled(2)]);
    assert.equal(producer.held.length, 2, 'both batches on the wire before any acknowledgement');
    producer.held[1]!.ack();
    await tick();
    assert.deepEqual(events, [], 'the second batch waits for the first');
    producer.held[0]!.ack();
    await tick();
    assert.deepEqual(events, ['ack v1', 'commit 1 dropped 0', 'ack v2', 'commit 1 dropped 0']);
  });

  it('waits in deliver() once the window is full', async () => {
    const { producer, delivery } = setUp(2, 'none');
    await delivery.deliver([polled(1)]);
    let third = false;
    const second = delivery.deliver([polled(2)]).then(() => (third = true));
    await tick();
    assert.equal(third, false, 'two in flight: the second deliver waits');
    producer.held[0]!.ack();
    await second;
    assert.equal(third, true);
  });

  it('keeps a sent record without its key and value (all of it with keepPayloads)', async () => {
    for (const keep of [false, true]) {
      const { producer, committed, delivery } = setUp(4, 'none', keep);
      const p = polled(7);
      await delivery.deliver([p]);
      producer.held[0]!.ack();
      await tick();
      const r = committed[0]!;
      assert.equal(r === p.record, keep);
      assert.deepEqual([r.sourcePartition, r.sourceOffset, r.topic, r.timestamp], [{ p: 0 }, { n: 7 }, 't', 0]);
      assert.equal(r.value, keep ? 'v7' : null);
    }
  });

  /** Two batches on the wire; the first is refused, and so is each of its records alone. */
  async function firstBatchRefused(tolerance: ErrorHandlingConfig['tolerance']) {
    const s = setUp(4, tolerance);
    s.producer.failSingles = true;
    await s.delivery.deliver([polled(1)]);
    await s.delivery.deliver([polled(2)]);
    s.producer.held[0]!.fail(new Error('batch refused'));
    s.producer.held[1]!.ack();
    await tick();
    await tick();
    return s;
  }

  it('a batch that fails for good (tolerance none) fails the next call; later batches are not handled', async () => {
    const { events, delivery } = await firstBatchRefused('none');
    await assert.rejects(delivery.deliver([polled(3)]), /Tolerance exceeded/);
    await assert.rejects(delivery.tick(), /Tolerance exceeded/);
    assert.deepEqual(events, [], 'nothing after the failed batch counts as delivered');
  });

  it('tolerance all: the failed record is skipped (dropped) and the batch after it goes on', async () => {
    const { events, delivery } = await firstBatchRefused('all');
    assert.deepEqual(events, ['ack ', 'commit 0 dropped 1', 'ack v2', 'commit 1 dropped 0']);
    await delivery.deliver([]); // no failure to surface
  });
});

describe('at-least-once delivery, offset commits beside the poll loop', () => {
  /** Offset writes the test releases one by one, recorded as the offsets they store. */
  function withHeldOffsetWrites() {
    const writes: { offsets: unknown[]; done(): void }[] = [];
    const events: string[] = [];
    const repo = {
      commitSourceOffsets: (_c: string, _t: number, _e: number, batch: unknown[]) =>
        new Promise<boolean>((resolve) => writes.push({ offsets: batch, done: () => resolve(true) })),
    } as unknown as ConnectorRuntimeRepository;
    const producer = new HeldProducer();
    const host: DeliveryHost = {
      connectorId: 'lcc-test',
      taskId: 0,
      epoch: 1,
      repo,
      aborted: false,
      ensureCurrent: async () => undefined,
      fence: () => undefined,
      log: () => undefined,
      acknowledged: () => undefined,
      recordsCommitted: async () => undefined,
      offsetsCommitted: async () => void events.push('task.commit'),
    };
    const operator = new RetryWithToleranceOperator(errorConfig('none'), { reporters: [] });
    const delivery = new AtLeastOnceDelivery(host, {
      producer,
      compression: 0,
      eh: { operator, dlq: null, sync: () => undefined },
      flushIntervalMs: 0,
      keepPayloads: false,
    });
    return { writes, events, producer, delivery };
  }
  const offsetsOf = (w: { offsets: unknown[] }) => w.offsets.map((o) => (o as { offset: { n: number } }).offset.n);

  it('tick() does not wait for the offset write; one write at a time, in order; flush() waits for both', async () => {
    const { writes, events, producer, delivery } = withHeldOffsetWrites();
    await delivery.deliver([polled(1)]);
    producer.held[0]!.ack();
    await tick();
    await delivery.tick(); // starts the write of offset 1 and returns
    assert.equal(writes.length, 1);
    assert.deepEqual(offsetsOf(writes[0]!), [1]);
    await delivery.deliver([polled(2)]); // the loop goes on while the write is held
    producer.held[1]!.ack();
    await tick();
    await delivery.tick(); // a write is under way: no second one
    assert.equal(writes.length, 1);
    const flushed = delivery.flush();
    await tick();
    assert.equal(writes.length, 1, 'flush waits for the write under way before the next');
    writes[0]!.done();
    await tick();
    await tick();
    assert.equal(writes.length, 2);
    assert.deepEqual(offsetsOf(writes[1]!), [2]);
    writes[1]!.done();
    await flushed;
    assert.deepEqual(events, ['task.commit', 'task.commit']);
  });
});

describe('RetryWithToleranceOperator.attempt', () => {
  const config = errorConfig('all');
  const ctx = () => ({ connectorName: 'c', taskId: 0, stage: 'VALUE_CONVERTER' as const, executingClass: 'X' });

  it('returns a synchronous result as is, without the context', () => {
    const op = new RetryWithToleranceOperator(config, { reporters: [] });
    let built = 0;
    const r = op.attempt(
      () => (built++, ctx()),
      () => 42,
    );
    assert.deepEqual(r, { ok: true, value: 42 });
    assert.equal(built, 0);
  });

  it('a throw or a promise goes through execute(): reported once, operation not run again', async () => {
    const reported: string[] = [];
    const op = new RetryWithToleranceOperator(config, {
      reporters: [{ report: async (c) => void reported.push(c.error.message) }],
    });
    let runs = 0;
    const thrown = await op.attempt(ctx, () => {
      runs++;
      throw new Error('bad value');
    });
    assert.equal(thrown.ok, false);
    assert.equal(runs, 1, 'the first outcome is replayed, not recomputed');
    const later = await op.attempt(ctx, () => (runs++, Promise.resolve('bytes')));
    assert.deepEqual(later, { ok: true, value: 'bytes' });
    assert.equal(runs, 2);
    assert.deepEqual(reported, ['bad value']);
    assert.equal(op.metrics.totalRecordsSkipped, 1);
  });
});
