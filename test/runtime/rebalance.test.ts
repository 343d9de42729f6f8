// Sink tasks ride through consumer-group rebalances (issue 12, fault 2), with real worker
// processes on the real broker, Postgres and Redis: a two-task CollectSink on a 4-partition topic
// while the test produces into it; a third task joins and leaves, the worker of task 0 is
// SIGKILLed, the broker restarts. After each fault every task is RUNNING again and the sink has
// caught up within 10 s; no task ever reports FAILED, nothing is restarted, and every record
// produced reaches the sink (at least once).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, type Producer } from 'kafkajs';
import {
  createConnector,
  readJsonl,
  runtimeFixture,
  spawnWorker,
  tasksOf,
  type RuntimeFixture,
  type SpawnedWorker,
  platformKafka,
} from './support';
import { waitFor } from '../support/wait-for';

const TOPIC = 'rebalance';
const PARTITIONS = 4;

describe('sink tasks through rebalances, a worker SIGKILL and a broker restart', () => {
  let f: RuntimeFixture;
  let kafka: Kafka;
  let producer: Producer;
  const workers: SpawnedWorker[] = [];
  let sinkId: string;
  let sinkFile: string;
  let produced = 0;
  let producing = true;
  let producerLoop: Promise<void> = Promise.resolve();
  let watching = true;
  let watcher: Promise<void> = Promise.resolve();
  const failures: string[] = [];

  before(async () => {
    f = await runtimeFixture();
    kafka = platformKafka(f, 'rebalance-test', {
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    for (const id of ['rbA', 'rbB', 'rbC'])
      workers.push(spawnWorker(f, id, { WORKER_CAPACITY: '10', CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200' }));
    await Promise.all(workers.map((w) => w.ready));
  });

  after(async () => {
    producing = false;
    watching = false;
    await producerLoop;
    await watcher;
    await producer?.disconnect().catch(() => undefined);
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await f?.close();
  });

  /** 20 records every 50 ms, round robin over the partitions; a failed batch is sent again (same keys). */
  const produce = async () => {
    while (producing) {
      const messages = Array.from({ length: 20 }, (_, i) => ({
        key: `k${produced + i}`,
        value: JSON.stringify({ i: produced + i }),
        partition: (produced + i) % PARTITIONS,
      }));
      try {
        await producer.send({ topic: TOPIC, acks: -1, messages });
        produced += messages.length;
      } catch {
        // the broker is restarting: the same batch again shortly
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  /** Every state the tasks report, sampled: a FAILED one is the defect. */
  const watch = async () => {
    while (watching) {
      for (const t of await tasksOf(f, sinkId).catch(() => []))
        if (t.state === 'FAILED') failures.push(`task ${t.taskId} epoch ${t.epoch}: ${t.message ?? ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const sinkKeys = (): Set<number> => new Set(readJsonl(sinkFile).map((r) => Number(String(r.key).slice(1))));

  const missingBelow = (n: number): number[] => {
    const got = sinkKeys();
    const missing: number[] = [];
    for (let i = 0; i < n; i++) if (!got.has(i)) missing.push(i);
    return missing;
  };

  /**
   * After a fault: all `count` tasks RUNNING on live workers, and the sink caught up with 100
   * records produced after the fault (so it consumes again, not just shows RUNNING).
   */
  const recovered = async (what: string, count: number, since: number, deadWorker?: string) => {
    const target = produced + 100;
    await waitFor(
      `${what}: ${count} tasks RUNNING and the sink caught up to ${target}`,
      async () => {
        if (produced < target) return false;
        const ts = await tasksOf(f, sinkId);
        return (
          ts.length === count &&
          ts.every((t) => t.state === 'RUNNING' && t.workerId !== deadWorker) &&
          missingBelow(target).length === 0
        );
      },
      30_000,
      100,
    );
    const ms = Date.now() - since;
    process.stdout.write(`# ${what}: RUNNING and caught up after ${ms} ms\n`);
    assert.ok(ms <= 10_000, `${what}: recovered after ${ms} ms (> 10 s)`);
    assert.deepEqual(failures, [], `${what}: no task FAILED`);
  };

  const setTasksMax = async (n: number) => {
    const c = await f.db.connector.findUniqueOrThrow({ where: { id: sinkId } });
    await f.db.connector.update({
      where: { id: sinkId },
      data: {
        config: { ...(c.config as Record<string, string>), 'tasks.max': String(n) },
        generation: { increment: 1 },
      },
    });
  };

  it('two sink tasks stay RUNNING and lose nothing through every fault', async () => {
    sinkFile = join(f.dir, 'rebalance-sink.jsonl');
    sinkId = await createConnector(f, 'CollectSink', { topics: TOPIC, file: sinkFile, 'tasks.max': '2' });
    await waitFor('2 sink tasks RUNNING', async () => {
      const ts = await tasksOf(f, sinkId);
      return ts.length === 2 && ts.every((t) => t.state === 'RUNNING');
    });
    producerLoop = produce();
    watcher = watch();
    await waitFor('first records in the sink', async () => produced > 0 && missingBelow(20).length === 0);

    // a third member joins the group, then leaves: two rebalances for the running tasks
    let t0 = Date.now();
    await setTasksMax(3);
    await recovered('third task joined', 3, t0);
    t0 = Date.now();
    await setTasksMax(2);
    await recovered('third task left', 2, t0);

    // the worker of task 0 dies: its task moves, the other task rebalances when the member expires
    const [task0] = await tasksOf(f, sinkId);
    const victim = workers.find((w) => w.id === task0.workerId)!;
    t0 = Date.now();
    victim.proc.kill('SIGKILL');
    await recovered('worker SIGKILLed', 2, t0, victim.id);

    // the broker goes away and comes back on the same port
    await f.restartBroker();
    t0 = Date.now();
    await recovered('broker restarted', 2, t0);

    producing = false;
    await producerLoop;
    const total = produced;
    await waitFor('every produced record in the sink', async () => missingBelow(total).length === 0, 20_000, 200);
    watching = false;
    await watcher;
    assert.deepEqual(failures, [], 'no task ever FAILED');
    const ts = await tasksOf(f, sinkId);
    assert.deepEqual(
      ts.map((t) => [t.taskId, t.state, t.restartCount]),
      [
        [0, 'RUNNING', 0],
        [1, 'RUNNING', 0],
      ],
      'both tasks RUNNING, never restarted after a failure',
    );
    const lines = readJsonl(sinkFile).length;
    process.stdout.write(`# ${total} records produced, ${lines} put (${lines - total} redelivered)\n`);
  });
});
