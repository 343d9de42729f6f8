// Failover with real worker processes (apps/worker/src/main.ts) on the real broker, Postgres
// and Redis: SIGKILL one under load → its tasks RUNNING on another worker within 10 s with no
// lost and no duplicated source offsets beyond the last commit; a SIGSTOP'ed zombie resumed later
// is fenced (its writes are rejected); SIGTERM hands tasks over cleanly.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PlatformRepository } from '@libs/db';
import {
  createConnector,
  readJsonl,
  readTopic,
  runtimeFixture,
  spawnWorker,
  tasksOf,
  type RuntimeFixture,
  type SpawnedWorker,
} from './support';
import { waitFor } from '../support/wait-for';

const TASKS = 5; // over 3 workers (share 2): 2 + 2 + 1, and the sink then lands next to the single one

describe('failover between worker processes', () => {
  let f: RuntimeFixture;
  const workers: SpawnedWorker[] = [];
  let connectorId: string;
  let sinkId: string;
  let sinkFile: string;

  before(async () => {
    f = await runtimeFixture();
    for (const id of ['wA', 'wB', 'wC'])
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

  const holders = async () => {
    const ts = await tasksOf(f, connectorId);
    return ts;
  };

  it('spreads the tasks over the workers (fair share)', async () => {
    connectorId = await createConnector(f, 'CounterSource', {
      topic: 'failover',
      'tasks.max': String(TASKS),
      'batch.size': '5',
      'poll.interval.ms': '20',
    });
    const ts = await waitFor(
      'all tasks RUNNING',
      async () => {
        const t = await holders();
        return t.length === TASKS && t.every((x) => x.state === 'RUNNING') ? t : null;
      },
      20_000,
    );
    sinkFile = join(f.dir, 'failover-sink.jsonl');
    sinkId = await createConnector(f, 'CollectSink', { topics: 'failover', file: sinkFile });
    await waitFor('sink RUNNING', async () => (await tasksOf(f, sinkId))[0]?.state === 'RUNNING', 20_000);
    const perWorker = new Map<string, number>();
    for (const t of ts) perWorker.set(t.workerId!, (perWorker.get(t.workerId!) ?? 0) + 1);
    assert.ok(
      Math.max(...perWorker.values()) <= 2,
      `no worker above its fair share of ${TASKS} tasks over 3 workers: ${JSON.stringify([...perWorker])}`,
    );
  });

  it('SIGKILL: the dead worker’s tasks run elsewhere within 10 s, resuming from the last commit', async () => {
    const before = await holders();
    // the victim runs the sink task (and usually a source task): both kinds must move
    const [sinkTask] = await tasksOf(f, sinkId);
    const victim = workers.find((w) => w.id === sinkTask.workerId)!;
    const victimTasks = before.filter((t) => t.workerId === victim.id).map((t) => t.taskId);
    victim.proc.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((r) => victim.proc.once('exit', r));
    // what the victim committed last: nothing can change it any more (it is dead)
    const committedAtKill = new Map(
      (await f.db.sourceOffset.findMany({ where: { connectorId } })).map((o) => [
        JSON.parse(o.partition).task as number,
        (o.offset as { n: number }).n,
      ]),
    );
    const after = await waitFor(
      'victim tasks RUNNING elsewhere',
      async () => {
        const ts = await holders();
        const moved = ts.filter((t) => victimTasks.includes(t.taskId));
        return moved.every((t) => t.state === 'RUNNING' && t.workerId !== victim.id) ? ts : null;
      },
      15_000,
      50,
    );
    await waitFor(
      'sink task RUNNING elsewhere',
      async () => {
        const [t] = await tasksOf(f, sinkId);
        return t.state === 'RUNNING' && t.workerId !== victim.id && t.epoch > sinkTask.epoch;
      },
      10_000 - (Date.now() - killedAt),
      50,
    );
    const failoverMs = Date.now() - killedAt;
    process.stdout.write(
      `# failover after SIGKILL: ${failoverMs} ms for ${victimTasks.length} source task(s) + the sink task\n`,
    );
    assert.ok(failoverMs <= 10_000, `failover took ${failoverMs} ms`);
    for (const t of after.filter((x) => victimTasks.includes(x.taskId))) {
      assert.ok(t.epoch > before.find((b) => b.taskId === t.taskId)!.epoch, 'a new epoch for the moved task');
    }
    // let the new owners make progress, then check every task's sequence on the topic
    const target = new Map(committedAtKill);
    await waitFor('progress after failover', async () => {
      const offs = await f.db.sourceOffset.findMany({ where: { connectorId } });
      return (
        offs.length === TASKS &&
        offs.every((o) => (o.offset as { n: number }).n > (target.get(JSON.parse(o.partition).task) ?? -1) + 20)
      );
    });
    const records = await readTopic(f, 'failover', 1);
    for (let task = 0; task < TASKS; task++) {
      const ns = records.filter((r) => r.key === `task-${task}`).map((r) => (JSON.parse(r.value!) as { n: number }).n);
      const distinct = new Set(ns);
      const max = Math.max(...ns);
      assert.equal(distinct.size, max + 1, `task ${task}: no lost record (0..${max} all present)`);
      const dups = ns.filter((n, i) => ns.indexOf(n) !== i);
      const lastCommit = committedAtKill.get(task) ?? -1;
      assert.ok(
        dups.every((n) => n > lastCommit),
        `task ${task}: duplicates only past the last commit (${lastCommit}): ${dups.slice(0, 5).join(',')}`,
      );
      if (!victimTasks.includes(task)) assert.equal(dups.length, 0, `task ${task} did not move: no duplicates`);
    }
    // the sink (moved with the victim) lost nothing: every record up to the kill reaches the file
    await waitFor(
      'sink caught up past the kill',
      async () => {
        const got = new Set(
          readJsonl(sinkFile).map((r) => `${(r.value as { task: number }).task}:${(r.value as { n: number }).n}`),
        );
        for (let task = 0; task < TASKS; task++)
          for (let n = 0; n <= (committedAtKill.get(task) ?? -1); n++) if (!got.has(`${task}:${n}`)) return false;
        return true;
      },
      20_000,
      200,
    );
  });

  it('a SIGSTOPped zombie is fenced when it resumes: its writes are rejected', async () => {
    const before = await holders();
    const zombie = workers.find(
      (w) => w.proc.exitCode === null && w.proc.signalCode === null && before.some((t) => t.workerId === w.id),
    )!;
    const zombieTasks = before.filter((t) => t.workerId === zombie.id);
    zombie.proc.kill('SIGSTOP');
    const moved = await waitFor(
      'zombie tasks taken over',
      async () => {
        const ts = await holders();
        const m = ts.filter((t) => zombieTasks.some((z) => z.taskId === t.taskId));
        return m.every((t) => t.state === 'RUNNING' && t.workerId !== zombie.id) ? m : null;
      },
      15_000,
    );
    for (const m of moved) assert.ok(m.epoch > zombieTasks.find((z) => z.taskId === m.taskId)!.epoch);
    const offsetsBeforeResume = await f.db.sourceOffset.findMany({ where: { connectorId } });
    // the zombie's own writes, made with its (stale) epoch, as it would make them on resume
    const repo = new PlatformRepository(f.db).runtime;
    const z = zombieTasks[0];
    assert.equal(
      await repo.commitSourceOffsets(connectorId, z.taskId, z.epoch, [
        { partition: { task: z.taskId }, offset: { n: 0 } },
      ]),
      false,
      'stale-epoch offset commit rejected',
    );
    assert.equal(
      await repo.reportTaskState(connectorId, z.taskId, z.epoch, { state: 'FAILED', trace: 'zombie' }),
      false,
      'stale-epoch state write rejected',
    );
    zombie.proc.kill('SIGCONT');
    // the resumed process finds out on its own: fenced write or lost lock, and it stops the task
    // Every task runner of the zombie logs its own abort; once all have, nothing of it writes any more.
    await waitFor(
      'zombie reports every one of its tasks fenced',
      async () =>
        zombieTasks.every((t) =>
          zombie.output.some(
            (l) => /"msg":"(fenced|lock lost, task aborted)"/.test(l) && l.includes(`"task":${t.taskId}`),
          ),
        ),
      20_000,
    );
    const afterResume = await holders();
    for (const m of moved) {
      const now = afterResume.find((t) => t.taskId === m.taskId)!;
      assert.notEqual(now.workerId, zombie.id, `task ${m.taskId} still owned by the new worker`);
      assert.equal(now.state, 'RUNNING');
    }
    const offsetsAfter = await f.db.sourceOffset.findMany({ where: { connectorId } });
    for (const o of offsetsAfter) {
      const b = offsetsBeforeResume.find((x) => x.partition === o.partition)!;
      assert.ok(
        (o.offset as { n: number }).n >= (b.offset as { n: number }).n,
        `offsets of ${o.partition} never go back`,
      );
    }
    const fencedLines = zombie.output.filter((l) => /"msg":"(fenced|lock lost, task aborted)"/.test(l));
    process.stdout.write(
      `# zombie ${zombie.id} after SIGCONT: ${fencedLines.length} fenced/lock-lost line(s), e.g. ${fencedLines[0]}\n`,
    );
  });

  it('SIGTERM: tasks stop cleanly, commit, and run on the remaining worker at once', async () => {
    const alive = workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null);
    const before = await holders();
    const leaving = alive.find((w) => before.some((t) => t.workerId === w.id && t.state === 'RUNNING')) ?? alive[0];
    const t0 = Date.now();
    leaving.proc.kill('SIGTERM');
    await waitFor(
      'tasks RUNNING on the others',
      async () => {
        const ts = await holders();
        return ts.every((t) => t.state === 'RUNNING' && t.workerId !== leaving.id) ? ts : null;
      },
      10_000,
      50,
    );
    const ms = Date.now() - t0;
    process.stdout.write(`# handover after SIGTERM: ${ms} ms\n`);
    assert.ok(ms < 5000, `SIGTERM handover took ${ms} ms`);
    const code = await new Promise<number | null>((r) =>
      leaving.proc.exitCode !== null ? r(leaving.proc.exitCode) : leaving.proc.once('exit', (c) => r(c)),
    );
    assert.equal(code, 0);
  });
});
