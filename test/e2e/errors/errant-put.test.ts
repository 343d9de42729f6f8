// KIP-610 through a running sink task: a sink that cannot write some records reports them through
// context.errantRecordReporter(); they land in the DLQ at stage TASK_PUT with the original bytes
// and context headers, the task keeps RUNNING (tolerance all), and the other records are written.
// With errors.tolerance=none, report() rejects and the task FAILs with the cause in its trace.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka } from 'kafkajs';
import type { SinkRecord, TaskConstructor } from '@libs/connect-spi';
import { CollectSinkConnector, CollectSinkTask, connectorPluginRegistry } from '@libs/connectors';
import { ConnectRuntime } from '@libs/connect-runtime';
import {
  allTasksIn,
  createConnector,
  readJsonl,
  runtimeFixture,
  type RuntimeFixture,
  platformKafka,
  fixtureRuntime,
} from '../../runtime/support';
import { waitFor } from '../../support/wait-for';

/** Writes like CollectSink, except records whose value has reject=true: those go to the reporter. */
class RejectingSinkTask extends CollectSinkTask {
  override async put(records: SinkRecord[]): Promise<void> {
    const reporter = this.context?.errantRecordReporter() ?? null;
    const keep: SinkRecord[] = [];
    for (const r of records) {
      if ((r.value as { reject?: boolean } | null)?.reject) {
        if (!reporter) throw new Error('no errant record reporter');
        await reporter.report(r, new Error(`cannot write record ${String(r.key)}`));
      } else keep.push(r);
    }
    super.put(keep);
  }
}

class RejectingSinkConnector extends CollectSinkConnector {
  override taskClass(): TaskConstructor<unknown> {
    return RejectingSinkTask;
  }
}

const PLUGIN = {
  alias: 'RejectingSink',
  className: 'io.connectplane.test.RejectingSinkConnector',
  type: 'sink' as const,
  version: '1.0.0',
  create: () => new RejectingSinkConnector(),
};

describe('errant record reporter (KIP-610, stage TASK_PUT)', () => {
  let f: RuntimeFixture;
  let rt: ConnectRuntime;
  let kafka: Kafka;

  before(async () => {
    f = await runtimeFixture();
    const registry = connectorPluginRegistry({ testPlugins: true });
    registry.register(PLUGIN);
    rt = fixtureRuntime(f, { registry, workerId: 'w-errant' });
    await rt.start();
    kafka = platformKafka(f, 'errant-e2e');
  });

  after(async () => {
    await rt?.close();
    await f?.close();
  });

  async function connector(topic: string, extra: Record<string, string>): Promise<{ id: string; file: string }> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'a', value: JSON.stringify({ n: 1 }) },
        { key: 'b', value: JSON.stringify({ n: 2, reject: true }), headers: { trace: 'id-b' } },
        { key: 'c', value: JSON.stringify({ n: 3 }) },
      ],
    });
    await producer.disconnect();
    const id = `lcc-er${randomBytes(4).toString('hex')}`;
    const file = join(f.dir, `${id}.jsonl`);
    await createConnector(f, 'RejectingSink', { topics: topic, file, ...extra }, { id, name: `errant-${id}` });
    return { id, file };
  }

  async function readAll(topic: string, expect: number) {
    const consumer = kafka.consumer({
      groupId: `errant-reader-${randomBytes(4).toString('hex')}`,
      maxWaitTimeInMs: 200,
    });
    const out: { key: string | null; value: string | null; headers: Record<string, string> }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          out.push({
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          });
        },
      });
      const deadline = Date.now() + 20_000;
      while (out.length < expect && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await consumer.disconnect();
    }
    return out;
  }

  it('tolerance all: the reported record is in the DLQ at TASK_PUT; the others are written', async () => {
    const { id, file } = await connector('errant-all', {});
    await waitFor('sink RUNNING', () => allTasksIn(f, id, 'RUNNING', 1));
    const rows = await waitFor('2 records written', async () => {
      const r = readJsonl(file);
      return r.length >= 2 ? r : null;
    });
    assert.deepEqual(
      rows.map((r) => r.key),
      ['a', 'c'],
    );
    await waitFor('DLQ topic', async () => (await kafka.admin().listTopics()).includes(`dlq-${id}`));
    const [dlq] = await readAll(`dlq-${id}`, 1);
    assert.equal(dlq.key, 'b');
    assert.equal(dlq.value, JSON.stringify({ n: 2, reject: true }));
    assert.equal(dlq.headers.trace, 'id-b');
    assert.equal(dlq.headers['__connect.errors.stage'], 'TASK_PUT');
    assert.equal(dlq.headers['__connect.errors.class.name'], 'io.connectplane.test.RejectingSinkConnector');
    assert.equal(dlq.headers['__connect.errors.offset'], '1');
    assert.equal(dlq.headers['__connect.errors.exception.message'], 'cannot write record b');
    const tasks = await allTasksIn(f, id, 'RUNNING', 1);
    assert.ok(tasks, 'still RUNNING');
  });

  it('tolerance none: report() rejects and the task FAILs with the cause in its trace', async () => {
    const { id } = await connector('errant-none', {
      'errors.tolerance': 'none',
      'auto.restart.on.user.error': 'false',
    });
    const [t] = await waitFor('sink FAILED', () => allTasksIn(f, id, 'FAILED', 1), 30_000);
    assert.match(t.trace ?? '', /Tolerance exceeded in error handler/);
    assert.match(t.trace ?? '', /Caused by: .*cannot write record b/);
  });
});
