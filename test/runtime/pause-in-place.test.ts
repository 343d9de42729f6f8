// Pause and resume act on the running task in place (KIP-875, as Kafka Connect keeps a paused task
// on its worker): same worker, same epoch, a sink keeps its group membership, nothing is lost or
// duplicated. Stop still releases every task. A paused task whose worker dies is claimed by
// another worker and starts paused. Two in-process runtimes share one deployment; target states
// are written and announced (connectors:changed) as the Connect v1 API does.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { ConnectRuntime, type ConnectRuntimeOptions } from '@libs/connect-runtime';
import { CONNECTOR_CHANGED_CHANNEL } from '@libs/redis';
import {
  allTasksIn,
  createConnector,
  readJsonl,
  readTopic,
  fixtureRuntime,
  runtimeFixture,
  type RuntimeFixture,
} from './support';
import { waitFor } from '../support/wait-for';

describe('pause and resume in place', () => {
  let f: RuntimeFixture;
  let redis: Redis;
  const runtimes: ConnectRuntime[] = [];
  /** Every runtime log line (event and fields), to see the sink's group joins. */
  const events: { worker: string; event: string; fields: Record<string, unknown> }[] = [];

  const newRuntime = async (workerId: string, extra: Partial<ConnectRuntimeOptions> = {}) => {
    const rt = fixtureRuntime(f, {
      capacity: 20,
      workerId,
      // short, so a pause longer than it shows that a paused sink keeps heartbeating
      sinkSessionTimeoutMs: 2000,
      log: (_level, event, fields) => events.push({ worker: workerId, event, fields }),
      ...extra,
    });
    runtimes.push(rt);
    await rt.start();
    return rt;
  };

  /** What the Connect v1 API does on PUT …/pause, …/resume, …/stop. */
  const setTarget = async (id: string, targetState: 'RUNNING' | 'PAUSED' | 'STOPPED') => {
    await f.db.connector.update({ where: { id }, data: { targetState } });
    await redis.publish(`${f.config.REDIS_PREFIX}${CONNECTOR_CHANGED_CHANNEL}`, id);
  };

  const joinsOf = (connectorId: string) =>
    events.filter((e) => e.event === 'partitions assigned' && e.fields.connector === connectorId).length;

  const counterSequence = async (topic: string, task: number) =>
    (await readTopic(f, topic, 1))
      .filter((r) => r.key === `task-${task}`)
      .map((r) => (JSON.parse(r.value!) as { n: number }).n);

  before(async () => {
    f = await runtimeFixture();
    redis = new Redis(f.config.REDIS_URL);
    await newRuntime('pause-a');
  });

  after(async () => {
    for (const rt of runtimes) await rt.close().catch(() => undefined);
    redis?.disconnect();
    await f?.close();
  });

  it('a paused source task stays on its worker with its epoch and continues without gaps or duplicates', async () => {
    const [rt] = runtimes;
    const src = await createConnector(f, 'CounterSource', {
      topic: 'pausing',
      'tasks.max': '2',
      'poll.interval.ms': '20',
    });
    const running = await waitFor('running', () => allTasksIn(f, src, 'RUNNING', 2));
    await waitFor(
      'offsets of both tasks',
      async () => (await f.db.sourceOffset.count({ where: { connectorId: src } })) === 2,
    );
    await setTarget(src, 'PAUSED');
    const paused = await waitFor('tasks PAUSED', () => allTasksIn(f, src, 'PAUSED', 2));
    await waitFor(
      'connector PAUSED',
      async () => (await f.db.connector.findUniqueOrThrow({ where: { id: src } })).state === 'PAUSED',
    );
    assert.deepEqual(
      paused.map((t) => [t.workerId, t.epoch]),
      running.map((t) => [t.workerId, t.epoch]),
      'paused in place: same worker, same epoch',
    );
    assert.equal(rt.worker.runningTasks.filter((t) => t.connectorId === src).length, 2, 'the worker keeps both tasks');
    const atPause = await f.db.sourceOffset.findMany({ where: { connectorId: src }, orderBy: { partition: 'asc' } });
    // An observation window, the point of the check: nothing may move in it.
    await new Promise((r) => setTimeout(r, 400));
    const still = await f.db.sourceOffset.findMany({ where: { connectorId: src }, orderBy: { partition: 'asc' } });
    assert.deepEqual(
      still.map((o) => o.offset),
      atPause.map((o) => o.offset),
      'no progress while paused',
    );
    await setTarget(src, 'RUNNING');
    const resumed = await waitFor('running again', () => allTasksIn(f, src, 'RUNNING', 2));
    assert.deepEqual(
      resumed.map((t) => [t.workerId, t.epoch]),
      running.map((t) => [t.workerId, t.epoch]),
      'resumed in place: no new claim',
    );
    const before0 = (atPause.find((o) => o.partition === '{"task":0}')!.offset as { n: number }).n;
    await waitFor('progress past the pause', async () => {
      const o = await f.db.sourceOffset.findFirst({ where: { connectorId: src, partition: '{"task":0}' } });
      return o && (o.offset as { n: number }).n > before0 + 5;
    });
    const ns = await counterSequence('pausing', 0);
    const distinct = new Set(ns);
    assert.equal(distinct.size, Math.max(...ns) + 1, 'no gap in task 0 sequence');
    assert.equal(ns.length, distinct.size, 'no duplicates');
    await f.db.connector.delete({ where: { id: src } });
  });

  it('a paused sink task keeps its consumer-group membership (no rebalance) and its rows continue', async () => {
    const file = join(f.dir, 'paused-sink.jsonl');
    const src = await createConnector(f, 'CounterSource', { topic: 'to-sink', 'poll.interval.ms': '20' });
    const sink = await createConnector(f, 'CollectSink', { topics: 'to-sink', file });
    const [running] = await waitFor('sink RUNNING', () => allTasksIn(f, sink, 'RUNNING', 1));
    await waitFor('rows arriving', () => readJsonl(file).length >= 20);
    const joins = joinsOf(sink);
    assert.ok(joins >= 1, 'the sink joined its group');
    await setTarget(sink, 'PAUSED');
    const [paused] = await waitFor('sink PAUSED', () => allTasksIn(f, sink, 'PAUSED', 1));
    assert.deepEqual([paused.workerId, paused.epoch], [running.workerId, running.epoch], 'paused in place');
    const rowsAtPause = readJsonl(file).length;
    // An observation window longer than the session timeout (2 s): no rows while paused, and the
    // member must still be in its group at the end of it (a paused consumer heartbeats).
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(readJsonl(file).length, rowsAtPause, 'nothing put while paused');
    await setTarget(sink, 'RUNNING');
    const [resumed] = await waitFor('sink RUNNING again', () => allTasksIn(f, sink, 'RUNNING', 1));
    assert.deepEqual([resumed.workerId, resumed.epoch], [running.workerId, running.epoch], 'resumed in place');
    await waitFor('rows continue', () => readJsonl(file).length > rowsAtPause + 20);
    assert.equal(joinsOf(sink), joins, 'no consumer-group rebalance across pause and resume');
    const offsets = readJsonl(file).map((r) => r.offset as number);
    assert.equal(new Set(offsets).size, offsets.length, 'no record put twice');
    assert.equal(Math.max(...offsets) + 1, offsets.length, 'no record skipped');
    await f.db.connector.delete({ where: { id: src } });
    await f.db.connector.delete({ where: { id: sink } });
  });

  it('stop releases the tasks (KIP-875 STOPPED); a resume claims them again', async () => {
    const [rt] = runtimes;
    const src = await createConnector(f, 'CounterSource', { topic: 'stopping', 'poll.interval.ms': '20' });
    const [running] = await waitFor('running', () => allTasksIn(f, src, 'RUNNING', 1));
    await setTarget(src, 'STOPPED');
    await waitFor('task STOPPED', () => allTasksIn(f, src, 'STOPPED', 1));
    await waitFor(
      'connector STOPPED',
      async () => (await f.db.connector.findUniqueOrThrow({ where: { id: src } })).state === 'STOPPED',
    );
    await waitFor('no worker holds the task', () => rt.worker.runningTasks.every((t) => t.connectorId !== src));
    await setTarget(src, 'RUNNING');
    const [again] = await waitFor('running again', () => allTasksIn(f, src, 'RUNNING', 1));
    assert.ok(again.epoch > running.epoch, 'a stopped task is claimed afresh (new epoch)');
    await f.db.connector.delete({ where: { id: src } });
  });

  it('a paused task whose worker dies is claimed by another worker and starts paused', async () => {
    const b = await newRuntime('pause-b');
    const src = await createConnector(f, 'CounterSource', {
      topic: 'paused-failover',
      'tasks.max': '2',
      'poll.interval.ms': '20',
    });
    await waitFor('running', () => allTasksIn(f, src, 'RUNNING', 2));
    await setTarget(src, 'PAUSED');
    const paused = await waitFor('tasks PAUSED', () => allTasksIn(f, src, 'PAUSED', 2));
    const victim = runtimes.find((rt) => rt.workerId === paused[0].workerId)!;
    const survivor = victim === b ? runtimes[0] : b;
    const atKill = await f.db.sourceOffset.findMany({ where: { connectorId: src } });
    await victim.worker.crash(); // what SIGKILL does to the worker: no clean-up, the job locks expire
    const moved = await waitFor(
      'tasks PAUSED on the surviving worker',
      async () => {
        const ts = await allTasksIn(f, src, 'PAUSED', 2);
        return ts?.every((t) => t.workerId === survivor.workerId) ? ts : null;
      },
      30_000,
    );
    for (const t of moved.filter((x) => paused.find((p) => p.taskId === x.taskId)!.workerId === victim.workerId))
      assert.ok(t.epoch > paused.find((p) => p.taskId === t.taskId)!.epoch, 'the moved task has a new epoch');
    const still = await f.db.sourceOffset.findMany({ where: { connectorId: src } });
    const offsetsOf = (rows: typeof still) => rows.map((o) => `${o.partition}=${JSON.stringify(o.offset)}`).sort();
    assert.deepEqual(offsetsOf(still), offsetsOf(atKill), 'the moved tasks did not run');
    await setTarget(src, 'RUNNING');
    await waitFor('running on the survivor', async () => {
      const ts = await allTasksIn(f, src, 'RUNNING', 2);
      return ts?.every((t) => t.workerId === survivor.workerId) ? ts : null;
    });
    await victim.close().catch(() => undefined);
    await f.db.connector.delete({ where: { id: src } });
  });
});
