// The per-minute accumulator between the runtime's record calls and the series store: one write
// per minute and combine mode, counters summed, gauges max or last, nothing lost when a write fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricCombine, MetricSample } from '@libs/db';
import { MinuteAccumulator, type MetricSeriesStore } from '../src/minute-accumulator';

const M0 = Date.parse('2026-01-15T11:00:00Z');
const MIN = 60_000;
const SENT = 'io.confluent.kafka.connect/sent_records';
const LAG = 'io.confluent.kafka.connect/records_lag_max';

interface Write {
  minute: string;
  combine: MetricCombine;
  samples: MetricSample[];
}

/** A store that keeps what it was given and fails while `failing` is set. */
class FakeStore implements MetricSeriesStore {
  writes: Write[] = [];
  failing = false;
  /** Awaited inside add, so a test can record while a write is in flight. */
  gate: Promise<void> | undefined;
  async add(minute: Date, combine: MetricCombine, samples: MetricSample[]): Promise<number> {
    if (this.gate) await this.gate;
    if (this.failing) throw new Error('store down');
    this.writes.push({ minute: minute.toISOString(), combine, samples: structuredClone(samples) });
    return samples.length;
  }
}

const connector = (value: number, labels?: Record<string, string>, metric = SENT) => ({
  resourceType: 'connector' as const,
  resourceId: 'lcc-1',
  metric,
  value,
  ...(labels ? { labels } : {}),
});

const noError = (e: Error) => assert.fail(e);

describe('MinuteAccumulator', () => {
  it('sums counters per series and minute into one write per minute and combine mode', async () => {
    const store = new FakeStore();
    const acc = new MinuteAccumulator(store, noError);
    acc.count(connector(2), M0 + 1_000);
    acc.count(connector(3), M0 + 59_999);
    acc.count(connector(10), M0 + MIN);
    acc.count({ ...connector(1), resourceId: 'lcc-2' }, M0 + 5);
    await acc.flush();
    assert.deepEqual(store.writes, [
      {
        minute: '2026-01-15T11:00:00.000Z',
        combine: 'sum',
        samples: [
          { resourceType: 'connector', resourceId: 'lcc-1', metric: SENT, labels: {}, value: 5 },
          { resourceType: 'connector', resourceId: 'lcc-2', metric: SENT, labels: {}, value: 1 },
        ],
      },
      {
        minute: '2026-01-15T11:01:00.000Z',
        combine: 'sum',
        samples: [{ resourceType: 'connector', resourceId: 'lcc-1', metric: SENT, labels: {}, value: 10 }],
      },
    ]);
  });

  it('tells series apart by labels, whatever order the labels come in', async () => {
    const store = new FakeStore();
    const acc = new MinuteAccumulator(store, noError);
    acc.count(connector(1, { topic: 'a', partition: '0' }), M0);
    acc.count(connector(2, { partition: '0', topic: 'a' }), M0);
    acc.count(connector(4, { topic: 'b', partition: '0' }), M0);
    await acc.flush();
    assert.deepEqual(
      store.writes[0].samples.map((s) => [s.labels.topic, s.value]),
      [
        ['a', 3],
        ['b', 4],
      ],
    );
  });

  it('keeps the largest gauge value with max and the last with set, in separate writes', async () => {
    const store = new FakeStore();
    const acc = new MinuteAccumulator(store, noError);
    acc.max(connector(5, undefined, LAG), M0);
    acc.max(connector(9, undefined, LAG), M0 + 1);
    acc.max(connector(7, undefined, LAG), M0 + 2);
    acc.set(connector(5, { status: 'RUNNING' }), M0);
    acc.set(connector(1, { status: 'RUNNING' }), M0 + 1);
    await acc.flush();
    assert.deepEqual(
      store.writes.map((w) => [w.combine, w.samples.map((s) => s.value)]),
      [
        ['max', [9]],
        ['set', [1]],
      ],
    );
  });

  it('writes nothing when nothing was recorded since the last flush', async () => {
    const store = new FakeStore();
    const acc = new MinuteAccumulator(store, noError);
    acc.count(connector(1), M0);
    await acc.flush();
    await acc.flush();
    assert.equal(store.writes.length, 1);
  });

  it('keeps what a failed write held, merged with what came since, for the next flush', async () => {
    const store = new FakeStore();
    const acc = new MinuteAccumulator(store, noError);
    acc.count(connector(2), M0);
    acc.max(connector(4, undefined, LAG), M0);
    acc.count(connector(1), M0 + MIN);
    store.failing = true;
    await assert.rejects(acc.flush(), /store down/);
    store.failing = false;
    acc.count(connector(5), M0);
    acc.max(connector(3, undefined, LAG), M0);
    await acc.flush();
    assert.deepEqual(
      store.writes.map((w) => [w.minute.slice(11, 16), w.combine, w.samples.map((s) => s.value)]),
      [
        ['11:00', 'sum', [7]],
        ['11:00', 'max', [4]],
        ['11:01', 'sum', [1]],
      ],
    );
  });

  it('stops writing at the first failure, keeping the rest too', async () => {
    const store = new FakeStore();
    let calls = 0;
    const add = store.add.bind(store);
    store.add = async (...args) => {
      calls++;
      return add(...args);
    };
    const acc = new MinuteAccumulator(store, noError);
    acc.count(connector(1), M0);
    acc.count(connector(1), M0 + MIN);
    acc.count(connector(1), M0 + 2 * MIN);
    store.failing = true;
    await assert.rejects(acc.flush());
    assert.equal(calls, 1);
    store.failing = false;
    await acc.flush();
    assert.equal(store.writes.length, 3);
  });

  it('does not let a failed write’s older set value replace one recorded during the write', async () => {
    const store = new FakeStore();
    const acc = new MinuteAccumulator(store, noError);
    acc.set(connector(1, { status: 'PROVISIONING' }), M0);
    let open!: () => void;
    store.gate = new Promise((r) => (open = r));
    store.failing = true;
    const flushing = acc.flush();
    // the status changed while the write was in flight: the last value of the minute is 2
    acc.set(connector(2, { status: 'PROVISIONING' }), M0 + 30_000);
    open();
    await assert.rejects(flushing, /store down/);
    store.gate = undefined;
    store.failing = false;
    await acc.flush();
    assert.deepEqual(
      store.writes.map((w) => [w.combine, w.samples.map((s) => s.value)]),
      [['set', [2]]],
    );
  });

  it('drops new series beyond maxPending and counts them, still updating kept ones', async () => {
    const store = new FakeStore();
    const acc = new MinuteAccumulator(store, noError, { flushMs: 60_000, maxPending: 2 });
    acc.count({ ...connector(1), resourceId: 'lcc-1' }, M0);
    acc.count({ ...connector(1), resourceId: 'lcc-2' }, M0);
    acc.count({ ...connector(1), resourceId: 'lcc-3' }, M0);
    acc.count({ ...connector(1), resourceId: 'lcc-4' }, M0 + MIN);
    acc.count({ ...connector(5), resourceId: 'lcc-1' }, M0);
    assert.equal(acc.dropped, 2);
    await acc.flush();
    assert.deepEqual(
      store.writes.flatMap((w) => w.samples.map((s) => [s.resourceId, s.value])),
      [
        ['lcc-1', 6],
        ['lcc-2', 1],
      ],
    );
    // a flush frees the room
    acc.count({ ...connector(1), resourceId: 'lcc-3' }, M0);
    assert.equal(acc.dropped, 2);
  });

  it('flushes on its timer once started, and close flushes the rest, reporting failures', async () => {
    const store = new FakeStore();
    const errors: Error[] = [];
    const acc = new MinuteAccumulator(store, (e) => errors.push(e), { flushMs: 5, maxPending: 100 });
    acc.start();
    acc.count(connector(1));
    const deadline = Date.now() + 2_000;
    while (store.writes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.equal(store.writes.length, 1);
    store.failing = true;
    acc.count(connector(1));
    await acc.close();
    assert.equal(errors.length > 0, true);
    assert.match(errors.at(-1)!.message, /store down/);
    // closed: no more timer flushes
    const writes = store.writes.length;
    store.failing = false;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(store.writes.length, writes);
  });
});
