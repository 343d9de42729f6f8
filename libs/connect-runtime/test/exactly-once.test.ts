// KIP-618's pure parts: transaction boundaries (poll / interval / connector with record and batch
// requests), the offsets topic's record format and the start-offset rule between the topic and
// the Postgres mirror, the config keys and the preflight validation messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceRecord, type Props } from '@libs/connect-spi';
import { TransactionBoundaries } from '../src/runtime/transaction-boundaries';
import {
  DEFAULT_OFFSETS_TOPIC,
  exactlyOnceConfigDef,
  resolveExactlyOnce,
  validateExactlyOnce,
} from '../src/runtime/exactly-once-config';
import {
  applyOffsetRecord,
  offsetMessage,
  parseOffsetKey,
  startOffset,
  type TopicOffsets,
} from '../src/runtime/offsets-topic';
import { isProducerFenced, transactionalIdOf } from '../src/runtime/exactly-once-delivery';

const rec = (n: number) => new SourceRecord({ p: 0 }, { n }, 't', null, null, null, null, n);
const batch = (...ns: number[]) => ns.map(rec);
const shape = (b: TransactionBoundaries, records: SourceRecord[]) =>
  b.split(records, (r) => r).map((s) => ({ n: s.records.map((r) => (r.sourceOffset as { n: number }).n), end: s.end }));

describe('transaction boundaries', () => {
  it('poll: every non-empty batch is one committed transaction; no TransactionContext', () => {
    const b = new TransactionBoundaries('poll', 1000);
    assert.equal(b.context, null);
    assert.deepEqual(shape(b, batch(1, 2, 3)), [{ n: [1, 2, 3], end: 'commit' }]);
    assert.deepEqual(shape(b, []), []);
  });

  it('interval: batches join the open transaction, which is due once the interval passed', () => {
    const b = new TransactionBoundaries('interval', 1000);
    assert.equal(b.context, null);
    assert.deepEqual(shape(b, batch(1, 2)), [{ n: [1, 2], end: null }]);
    assert.equal(b.intervalDue(null, 10_000), false, 'nothing open: nothing to commit');
    assert.equal(b.intervalDue(5000, 5999), false);
    assert.equal(b.intervalDue(5000, 6000), true);
  });

  it('connector: nothing ends without a request; the transaction stays open across batches', () => {
    const b = new TransactionBoundaries('connector', 1000);
    assert.equal(b.context, b);
    assert.deepEqual(shape(b, batch(1, 2)), [{ n: [1, 2], end: null }]);
    assert.equal(b.intervalDue(0, 1e9), false);
  });

  it('connector: record requests split the batch after the named records', () => {
    const b = new TransactionBoundaries('connector', 1000);
    const rs = batch(1, 2, 3, 4, 5);
    b.commitTransaction(rs[1]);
    b.abortTransaction(rs[3]);
    assert.deepEqual(shape(b, rs), [
      { n: [1, 2], end: 'commit' },
      { n: [3, 4], end: 'abort' },
      { n: [5], end: null },
    ]);
    // requests are consumed by the batch they were made for
    assert.deepEqual(shape(b, batch(6)), [{ n: [6], end: null }]);
  });

  it('connector: a batch request ends the batch; a record request on its last record takes precedence', () => {
    const b = new TransactionBoundaries('connector', 1000);
    b.abortTransaction();
    assert.deepEqual(shape(b, batch(1, 2)), [{ n: [1, 2], end: 'abort' }]);
    const rs = batch(3, 4);
    b.abortTransaction();
    b.commitTransaction(rs[1]);
    assert.deepEqual(shape(b, rs), [{ n: [3, 4], end: 'commit' }]);
    const rs2 = batch(5, 6);
    b.commitTransaction();
    b.abortTransaction(rs2[0]);
    assert.deepEqual(shape(b, rs2), [
      { n: [5], end: 'abort' },
      { n: [6], end: 'commit' },
    ]);
  });

  it('connector: a commit request for a record wins over an abort request for the same record', () => {
    const b = new TransactionBoundaries('connector', 1000);
    const rs = batch(1);
    b.abortTransaction(rs[0]);
    b.commitTransaction(rs[0]);
    b.abortTransaction(rs[0]);
    assert.deepEqual(shape(b, rs), [{ n: [1], end: 'commit' }]);
  });

  it('connector: a batch request with an empty poll ends the open transaction', () => {
    const b = new TransactionBoundaries('connector', 1000);
    assert.deepEqual(shape(b, []), []);
    b.commitTransaction();
    assert.deepEqual(shape(b, []), [{ n: [], end: 'commit' }]);
  });
});

describe('offsets topic records', () => {
  it('key ["<connector>", {partition}] and value {offset} as Kafka Connect writes them; null = reset', () => {
    const m = offsetMessage('lcc-1', { b: 1, a: 'x' }, { n: 5 });
    assert.equal(m.key, '["lcc-1",{"a":"x","b":1}]');
    assert.equal(m.value, '{"n":5}');
    assert.equal(offsetMessage('lcc-1', { a: 1 }, null).value, null);
    assert.deepEqual(parseOffsetKey(m.key as string), { connectorId: 'lcc-1', partition: { a: 'x', b: 1 } });
    for (const bad of ['x', '[]', '["a"]', '[1,{}]', '["a",[1]]', null]) assert.equal(parseOffsetKey(bad), null);
  });

  it('the view keeps the last and the previous offset per partition, for this connector only', () => {
    const view: TopicOffsets = new Map();
    const put = (c: string, p: unknown, o: unknown) => {
      const m = offsetMessage(c, p, o);
      applyOffsetRecord(view, 'lcc-1', m.key as string, (m.value as string | null) ?? null);
    };
    put('lcc-1', { task: 0 }, { n: 1 });
    put('lcc-2', { task: 0 }, { n: 99 });
    put('lcc-1', { task: 0 }, { n: 2 });
    put('lcc-1', { task: 1 }, { n: 7 });
    put('lcc-1', { task: 1 }, null);
    applyOffsetRecord(view, 'lcc-1', '["lcc-1",{"task":2}]', 'not json');
    assert.deepEqual(view.get('{"task":0}'), { partition: { task: 0 }, current: { n: 2 }, previous: { n: 1 } });
    assert.deepEqual(view.get('{"task":1}'), { partition: { task: 1 }, current: null, previous: { n: 7 } });
    assert.equal(view.size, 2);
  });

  it('start offset: the topic is the truth; Postgres where the topic has nothing or an at-least-once run moved on', () => {
    const h = { partition: { t: 0 }, current: { n: 10 }, previous: { n: 5 } };
    assert.deepEqual(startOffset(undefined, { n: 3 }), { n: 3 }, 'never ran exactly-once');
    assert.equal(startOffset(undefined, undefined), null);
    assert.deepEqual(startOffset(h, undefined), { n: 10 }, 'no mirror row yet');
    assert.deepEqual(startOffset(h, { n: 10 }), { n: 10 }, 'in sync');
    assert.deepEqual(startOffset(h, { n: 5 }), { n: 10 }, 'mirror one commit behind (crash before its update)');
    assert.deepEqual(startOffset(h, { n: 42 }), { n: 42 }, 'an at-least-once run after the last transaction');
    const reset = { partition: { t: 0 }, current: null, previous: { n: 10 } };
    assert.equal(startOffset(reset, undefined), null, 'reset: start over');
    assert.equal(startOffset(reset, { n: 10 }), null, 'reset whose mirror delete failed');
    const first = { partition: { t: 0 }, current: { n: 1 }, previous: undefined };
    assert.deepEqual(startOffset(first, { n: 7 }), { n: 7 });
  });
});

describe('exactly-once config', () => {
  const base: Props = { 'exactly.once.source.support': 'enabled' };
  const supported = {
    exactlyOnceSupport: () => 'SUPPORTED' as const,
    canDefineTransactionBoundaries: () => 'SUPPORTED' as const,
  };

  it('defaults: disabled, requested, poll, the flush interval, the cluster offsets topic', () => {
    assert.deepEqual(resolveExactlyOnce({}), {
      support: 'disabled',
      level: 'requested',
      boundary: 'poll',
      intervalMs: null,
      offsetsTopic: DEFAULT_OFFSETS_TOPIC,
    });
    const s = resolveExactlyOnce({
      'exactly.once.source.support': 'ENABLED',
      'transaction.boundary': 'Interval',
      'transaction.boundary.interval.ms': '250',
      'offsets.storage.topic': ' my-offsets ',
    });
    assert.equal(s.support, 'enabled');
    assert.equal(s.boundary, 'interval');
    assert.equal(s.intervalMs, 250);
    assert.equal(s.offsetsTopic, 'my-offsets');
  });

  it('invalid values are refused by the keys’ validators', () => {
    const errs = (props: Props) =>
      exactlyOnceConfigDef()
        .validate(props)
        .filter((v) => v.errorMessages.length > 0)
        .map((v) => v.name);
    assert.deepEqual(errs({ 'exactly.once.source.support': 'maybe' }), ['exactly.once.source.support']);
    assert.deepEqual(errs({ 'transaction.boundary': 'never' }), ['transaction.boundary']);
    assert.deepEqual(errs({ 'transaction.boundary.interval.ms': '-1' }), ['transaction.boundary.interval.ms']);
    assert.deepEqual(errs({ 'exactly.once.support': 'REQUIRED' }), []);
  });

  it('required: the connector must say SUPPORTED (Kafka’s messages); requested asks nothing', () => {
    const required = { ...base, 'exactly.once.support': 'required' };
    assert.deepEqual(validateExactlyOnce(required, supported), {});
    assert.match(
      validateExactlyOnce(required, { exactlyOnceSupport: () => 'UNSUPPORTED' })['exactly.once.support'][0],
      /does not support exactly-once semantics with the provided configuration/,
    );
    assert.match(
      validateExactlyOnce(required, { exactlyOnceSupport: () => null })['exactly.once.support'][0],
      /does not implement the API required for preflight validation/,
    );
    assert.match(
      validateExactlyOnce(required, {
        exactlyOnceSupport: () => {
          throw new Error('boom');
        },
      })['exactly.once.support'][0],
      /unexpected error occurred during validation: boom/,
    );
    assert.deepEqual(validateExactlyOnce({ ...base }, { exactlyOnceSupport: () => 'UNSUPPORTED' }), {});
    // only when exactly-once is enabled for the connector (Kafka: when the worker enables it)
    assert.deepEqual(validateExactlyOnce({ 'exactly.once.support': 'required' }, {}), {});
  });

  it('transaction.boundary=connector needs a connector that defines boundaries', () => {
    const props = { ...base, 'transaction.boundary': 'connector' };
    assert.deepEqual(validateExactlyOnce(props, supported), {});
    assert.match(
      validateExactlyOnce(props, {})['transaction.boundary'][0],
      /does not support connector-defined transaction boundaries/,
    );
  });
});

describe('transactional producer', () => {
  it('one transactional id per task; Kafka’s fencing errors are recognised, also as a cause', () => {
    assert.equal(transactionalIdOf('lkc-1', 'lcc-2', 3), 'connect-lkc-1-lcc-2-3');
    assert.equal(isProducerFenced({ type: 'INVALID_PRODUCER_EPOCH' }), true);
    assert.equal(isProducerFenced({ code: 90 }), true);
    assert.equal(isProducerFenced({ name: 'KafkaJSNumberOfRetriesExceeded', originalError: { code: 47 } }), true);
    assert.equal(isProducerFenced(new Error('x', { cause: { type: 'PRODUCER_FENCED' } })), true);
    assert.equal(isProducerFenced({ type: 'NOT_LEADER_FOR_PARTITION' }), false);
    assert.equal(isProducerFenced(null), false);
  });
});
