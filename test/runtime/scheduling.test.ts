// Scheduling with two in-process runtimes sharing one deployment (Redis prefix): exactly one
// reconciler acts at a time, a newly added worker takes over a fair share of running tasks,
// jobs lost with a Redis flush are recreated from Postgres, and the runtime's writes are fenced.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { PlatformRepository } from '@libs/db';
import { ConnectRuntime, type ConnectRuntimeOptions } from '@libs/connect-runtime';
import { allTasksIn, createConnector, fixtureRuntime, runtimeFixture, tasksOf, type RuntimeFixture } from './support';
import { waitFor } from '../support/wait-for';

describe('scheduling', () => {
  let f: RuntimeFixture;
  const runtimes: ConnectRuntime[] = [];

  const newRuntime = (workerId: string, extra: Partial<ConnectRuntimeOptions> = {}) => {
    const rt = fixtureRuntime(f, {
      capacity: 20,
      workerId,
      log: process.env.RT_DEBUG
        ? (l, e, x) => process.stderr.write(`${workerId} ${l} ${e} ${JSON.stringify(x)}\n`)
        : () => undefined,
      ...extra,
    });
    runtimes.push(rt);
    return rt;
  };

  before(async () => {
    f = await runtimeFixture();
  });

  after(async () => {
    for (const rt of runtimes) await rt.close().catch(() => undefined);
    await f?.close();
  });

  it('fences every runtime write on the task epoch', async () => {
    const repo = new PlatformRepository(f.db).runtime;
    const id = await createConnector(f, 'CounterSource', { topic: 'fence' }, { targetState: 'STOPPED' });
    assert.deepEqual(await repo.replaceTaskConfigs(id, 1, [{ topic: 'fence', 'task.id': '0' }]), [0]);
    assert.equal(await repo.replaceTaskConfigs(id, 2, [{ topic: 'fence' }]), null, 'stale generation skipped');
    assert.equal(await repo.claimTask(id, 0, 1, 'w1'), null, 'no claim while STOPPED');
    // PAUSED tasks are held, paused, by a worker (KIP-875): a claim starts them paused
    await f.db.connector.update({ where: { id }, data: { targetState: 'PAUSED' } });
    const a = await repo.claimTask(id, 0, 1, 'w1');
    await f.db.connector.update({ where: { id }, data: { targetState: 'RUNNING' } });
    const b = await repo.claimTask(id, 0, 1, 'w2');
    assert.equal(a?.epoch, 1);
    assert.equal(a?.targetState, 'PAUSED');
    assert.equal(b?.epoch, 2);
    assert.equal(b?.targetState, 'RUNNING');
    assert.equal(await repo.reportTaskState(id, 0, 1, { state: 'RUNNING' }), false, 'old epoch: state rejected');
    assert.equal(
      await repo.commitSourceOffsets(id, 0, 1, [{ partition: { task: 0 }, offset: { n: 5 } }]),
      false,
      'old epoch: offsets rejected',
    );
    assert.equal(await repo.commitSourceOffsets(id, 0, 2, [{ partition: { task: 0 }, offset: { n: 7 } }]), true);
    assert.equal(await repo.reportTaskState(id, 0, 2, { state: 'RUNNING' }), true);
    const offsets = await f.db.sourceOffset.findMany({ where: { connectorId: id } });
    assert.deepEqual(
      offsets.map((o) => [o.partition, o.offset]),
      [['{"task":0}', { n: 7 }]],
    );
    const [t] = await tasksOf(f, id);
    assert.equal(t.workerId, 'w2');
    await f.db.connector.delete({ where: { id } });
  });

  it('exactly one reconciler acts per pass', async () => {
    const a = newRuntime('sched-a');
    const b = newRuntime('sched-b');
    await a.start();
    await b.start();
    const results = await Promise.all([
      a.reconciler.pass(),
      b.reconciler.pass(),
      a.reconciler.pass(),
      b.reconciler.pass(),
    ]);
    // concurrent passes: the advisory lock lets at most one act at any moment
    const overlapping = await Promise.all([a.reconciler.pass(), b.reconciler.pass()]);
    assert.ok(overlapping.filter((r) => r.acted).length <= 1, JSON.stringify(overlapping));
    assert.ok(results.some((r) => r.acted));
  });

  it('a newly added worker takes over a fair share of running tasks', async () => {
    // stop b: a runs everything
    await runtimes[1].close();
    const id = await createConnector(f, 'CounterSource', {
      topic: 'share',
      'tasks.max': '6',
      'poll.interval.ms': '50',
    });
    const first = await waitFor('6 running on a', async () => {
      const ts = await allTasksIn(f, id, 'RUNNING', 6);
      return ts && ts.every((t) => t.workerId === 'sched-a') ? ts : null;
    });
    assert.equal(first.length, 6);
    const c = newRuntime('sched-c');
    await c.start();
    const spread = await waitFor(
      'c runs a fair share',
      async () => {
        const ts = await allTasksIn(f, id, 'RUNNING', 6);
        return ts && ts.filter((t) => t.workerId === 'sched-c').length === 3 ? ts : null;
      },
      15_000,
    );
    assert.equal(spread.filter((t) => t.workerId === 'sched-a').length, 3);
    assert.equal(runtimes[0].worker.runningTasks.length, 3);
    assert.equal(c.worker.runningTasks.length, 3);
  });

  it('recreates every task job from Postgres after the Redis keys are flushed', async () => {
    const id = (
      await f.db.connector.findFirstOrThrow({
        where: { organizationId: f.orgId, name: { contains: '' }, config: { path: ['topic'], equals: 'share' } },
      })
    ).id;
    const before = await tasksOf(f, id);
    // flush this deployment's keys (the shared test Redis holds other runs' keys too)
    const redis = new Redis(f.config.REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${f.config.REDIS_PREFIX}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    setTimeout(async () => {
      if (!process.env.RT_DEBUG) return;
      process.stderr.write(JSON.stringify(await tasksOf(f, id)) + '\n');
      process.stderr.write(JSON.stringify(runtimes.map((r) => r.worker.runningTasks)) + '\n');
    }, 8000).unref();
    const after = await waitFor(
      'all 6 tasks RUNNING again on new epochs',
      async () => {
        const ts = await allTasksIn(f, id, 'RUNNING', 6);
        return ts && ts.every((t, i) => t.epoch > before[i].epoch) ? ts : null;
      },
      20_000,
    );
    assert.equal(after.length, 6);
    // holders that lost their lock (or were fenced by the new epoch) stop: each task runs exactly once
    await waitFor('each task runs exactly once', async () => {
      const held = [...runtimes[0].worker.runningTasks, ...runtimes[2].worker.runningTasks].filter(
        (t) => t.connectorId === id,
      );
      return held.length === 6 && new Set(held.map((t) => t.taskId)).size === 6;
    });
  });
});
