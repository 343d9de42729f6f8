import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataException, RetriableException, SourceRecord } from '@libs/connect-spi';
import {
  buildDlqMessage,
  DeadLetterQueueReporter,
  LogReporter,
  resolveErrorHandling,
  RetryWithToleranceOperator,
  ToleranceExceededException,
  validateErrorHandling,
  type DlqMessage,
  type ErrorContext,
  type ErrorHandlingConfig,
} from '../src/errors';

const base: ErrorHandlingConfig = resolveErrorHandling({}, { type: 'source', connectorId: 'lcc-abc123' });

function fakeClock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

const sinkCtx = (stage: ErrorContext['stage'] = 'VALUE_CONVERTER'): Omit<ErrorContext, 'error'> => ({
  connectorName: 'orders-sink',
  taskId: 0,
  stage,
  executingClass: 'org.apache.kafka.connect.json.JsonConverter',
  consumed: {
    topic: 'orders',
    partition: 2,
    offset: 17,
    key: Buffer.from('k'),
    value: Buffer.from('not-json'),
    headers: [{ key: 'h', value: Buffer.from('v') }],
    timestamp: 5,
  },
});

describe('errors.* configuration', () => {
  it('follows Confluent Cloud defaults: sources fail fast, sinks tolerate all into dlq-<lcc>', () => {
    assert.equal(base.tolerance, 'none');
    assert.equal(base.dlqTopic, null);
    const sink = resolveErrorHandling({}, { type: 'sink', connectorId: 'lcc-abc123' });
    assert.equal(sink.tolerance, 'all');
    assert.equal(sink.dlqTopic, 'dlq-lcc-abc123');
    assert.equal(sink.dlqContextHeaders, true);
    const explicit = resolveErrorHandling(
      { 'errors.tolerance': 'none', 'errors.deadletterqueue.topic.name': '' },
      { type: 'sink', connectorId: 'lcc-abc123' },
    );
    assert.equal(explicit.tolerance, 'none');
    assert.equal(explicit.dlqTopic, null);
  });

  it('validates values case-sensitively and names the property', () => {
    const errors = validateErrorHandling({ 'errors.tolerance': 'ALL' }, { type: 'source', connectorId: 'lcc-1' });
    assert.match(errors['errors.tolerance']?.[0] ?? '', /String must be one of: none, all/);
  });

  it('refuses a DLQ that is one of the input topics or matches topics.regex', () => {
    const who = { type: 'sink' as const, connectorId: 'lcc-1' };
    const a = validateErrorHandling({ topics: 'orders,dlq', 'errors.deadletterqueue.topic.name': 'dlq' }, who);
    assert.equal(
      a['errors.deadletterqueue.topic.name']?.[0],
      "The DLQ topic 'dlq' may not be included in the list of topics ('topics=[orders, dlq]') consumed by the connector",
    );
    const b = validateErrorHandling({ 'topics.regex': 'dlq.*', 'errors.deadletterqueue.topic.name': 'dlq-x' }, who);
    assert.match(b['errors.deadletterqueue.topic.name']?.[0] ?? '', /topics.regex=dlq\.\*/);
    assert.deepEqual(validateErrorHandling({ topics: 'orders' }, who), {});
  });
});

describe('RetryWithToleranceOperator', () => {
  it('retries retriable failures with 300 ms doubling and succeeds', async () => {
    const clock = fakeClock();
    const op = new RetryWithToleranceOperator({ ...base, retryTimeoutMs: 10_000 }, { reporters: [], ...clock });
    let calls = 0;
    const r = await op.execute(sinkCtx('TASK_POLL'), () => {
      if (++calls < 4) throw new RetriableException('flaky');
      return 'ok';
    });
    assert.deepEqual(r, { ok: true, value: 'ok' });
    assert.deepEqual(clock.sleeps, [300, 600, 1200]);
    assert.equal(op.metrics.totalRetries, 3);
  });

  it('switches to jitter below errors.retry.delay.max.ms and never waits past the deadline', async () => {
    const clock = fakeClock();
    const op = new RetryWithToleranceOperator(
      { ...base, tolerance: 'all', retryTimeoutMs: 2000, retryDelayMaxMs: 500 },
      { reporters: [], random: () => 0.5, ...clock },
    );
    const r = await op.execute(sinkCtx(), () => {
      throw new RetriableException('down');
    });
    assert.equal(r.ok, false);
    assert.equal(clock.sleeps[0], 300);
    assert.ok(clock.sleeps.slice(1).every((ms) => ms <= 250));
    assert.ok(clock.sleeps.reduce((a, b) => a + b, 0) <= 2000);
  });

  it('makes a single attempt with errors.retry.timeout=0', async () => {
    const clock = fakeClock();
    const op = new RetryWithToleranceOperator({ ...base, tolerance: 'all' }, { reporters: [], ...clock });
    let calls = 0;
    await op.execute(sinkCtx(), () => {
      calls++;
      throw new RetriableException('x');
    });
    assert.equal(calls, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it('tolerance none: reports first (DLQ, log), then fails the task', async () => {
    const sent: DlqMessage[] = [];
    const logged: string[] = [];
    const op = new RetryWithToleranceOperator(base, {
      reporters: [
        new LogReporter((line) => logged.push(line), false),
        new DeadLetterQueueReporter('dlq', true, async (_t, m) => void sent.push(m)),
      ],
    });
    await assert.rejects(
      op.execute(sinkCtx(), () => {
        throw new DataException('bad');
      }),
      (err: unknown) =>
        err instanceof ToleranceExceededException && err.message === 'Tolerance exceeded in error handler',
    );
    assert.equal(sent.length, 1);
    assert.equal(
      logged[0],
      "Error encountered in task orders-sink-0. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter'.",
    );
  });

  it('tolerance all: skips and counts; an untolerable stage still fails', async () => {
    const op = new RetryWithToleranceOperator({ ...base, tolerance: 'all' }, { reporters: [] });
    const r = await op.execute(sinkCtx('TRANSFORMATION'), () => {
      throw new Error('smt said no');
    });
    assert.equal(r.ok, false);
    assert.equal(op.metrics.totalRecordsSkipped, 1);
    await assert.rejects(
      op.execute(sinkCtx('TASK_POLL'), () => {
        throw new Error('boom');
      }),
      /Unhandled exception in error handler/,
    );
  });

  it('the opt-in error window stops a tolerant task after N failures within M records', async () => {
    const op = new RetryWithToleranceOperator(
      { ...base, tolerance: 'all', window: { size: 5, maxErrors: 2 } },
      { reporters: [] },
    );
    const fail = () =>
      op.execute(sinkCtx(), () => {
        throw new DataException('x');
      });
    const pass = () => op.execute(sinkCtx(), () => 1);
    await fail();
    for (let i = 0; i < 5; i++) await pass(); // the first failure slides out of the window
    await fail();
    await assert.rejects(fail(), /Error window exceeded: 2 failed records within the last 5/);
  });
});

describe('dead letter queue records', () => {
  it('sink: the original bytes and headers plus the exact __connect.errors.* context headers', () => {
    const err = new DataException('Converting byte[] to Kafka Connect data failed due to serialization error: ');
    const msg = buildDlqMessage({ ...sinkCtx(), error: err }, true);
    assert.equal(msg.key?.toString(), 'k');
    assert.equal(msg.value?.toString(), 'not-json');
    assert.equal(msg.timestamp, 5);
    const h = Object.fromEntries(msg.headers.map((x) => [x.key, x.value?.toString() ?? null]));
    assert.equal(h.h, 'v');
    assert.equal(h['__connect.errors.topic'], 'orders');
    assert.equal(h['__connect.errors.partition'], '2');
    assert.equal(h['__connect.errors.offset'], '17');
    assert.equal(h['__connect.errors.connector.name'], 'orders-sink');
    assert.equal(h['__connect.errors.task.id'], '0');
    assert.equal(h['__connect.errors.stage'], 'VALUE_CONVERTER');
    assert.equal(h['__connect.errors.class.name'], 'org.apache.kafka.connect.json.JsonConverter');
    assert.equal(h['__connect.errors.exception.class.name'], 'org.apache.kafka.connect.errors.DataException');
    assert.equal(h['__connect.errors.exception.message'], err.message);
    assert.match(
      h['__connect.errors.exception.stacktrace'] ?? '',
      /^org\.apache\.kafka\.connect\.errors\.DataException: Converting/,
    );
    assert.equal(
      buildDlqMessage({ ...sinkCtx(), error: err }, false).headers.length,
      1,
      'no context headers unless enabled',
    );
  });

  it('source: converted bytes when conversion succeeded, else the record rendered as JSON', () => {
    const record = new SourceRecord({ task: 0 }, { n: 41 }, 'out', 0, null, 'key-1', null, { n: 41 });
    const smt = {
      connectorName: 'gen',
      taskId: 0,
      stage: 'TRANSFORMATION' as const,
      executingClass: 'org.apache.kafka.connect.transforms.Cast$Value',
      sourceRecord: record,
      error: new DataException('no'),
    };
    const asJson = buildDlqMessage(smt, true);
    assert.deepEqual(JSON.parse(asJson.value!.toString()), {
      topic: 'out',
      partition: 0,
      key: 'key-1',
      value: { n: 41 },
      sourcePartition: { task: 0 },
      sourceOffset: { n: 41 },
    });
    const h = Object.fromEntries(asJson.headers.map((x) => [x.key, x.value?.toString()]));
    assert.equal(h['__connect.errors.topic'], 'out');
    assert.equal(h['__connect.errors.stage'], 'TRANSFORMATION');
    const converted = buildDlqMessage(
      { ...smt, stage: 'KAFKA_PRODUCE', converted: { key: Buffer.from('K'), value: Buffer.from('V'), headers: [] } },
      false,
    );
    assert.equal(converted.value?.toString(), 'V');
  });

  it('a failing DLQ send is counted, never fatal', async () => {
    const failures: Error[] = [];
    const reporter = new DeadLetterQueueReporter(
      'dlq',
      false,
      async () => {
        throw new Error('broker down');
      },
      (e) => failures.push(e),
    );
    await reporter.report({ ...sinkCtx(), error: new DataException('x') });
    assert.equal(reporter.failures, 1);
    assert.equal(failures[0]?.message, 'broker down');
  });
});
