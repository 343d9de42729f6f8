// Exactly-once source delivery under faults (issue 14 Done when): a Datagen run of N iterations
// through a SIGKILL and a frozen-then-resumed (SIGSTOP/SIGCONT) worker leaves exactly N records.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createConnector,
  runtimeFixture,
  spawnWorker,
  tasksOf,
  type RuntimeFixture,
  type SpawnedWorker,
} from './support';
import { waitFor } from '../support/wait-for';
import { EOS, readCommitted } from './exactly-once-support';

async function datagenIteration(f: RuntimeFixture, connectorId: string): Promise<number | null> {
  const o = await f.db.sourceOffset.findFirst({ where: { connectorId } });
  return o ? Number((o.offset as Record<string, unknown>)['current.iteration']) : null;
}

describe('exactly-once source: Datagen iterations=N through a SIGKILL and a frozen-then-resumed worker', () => {
  let f: RuntimeFixture;
  const workers: SpawnedWorker[] = [];

  before(async () => {
    f = await runtimeFixture();
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

  it('leaves exactly N records, none twice, for read_committed consumers', async () => {
    const N = 1200; // about one transaction per record at max.interval=10: a larger N only makes the file slower
    const env = { WORKER_CAPACITY: '10', CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200' };
    for (const wid of ['dgA', 'dgB', 'dgC']) workers.push(spawnWorker(f, wid, env));
    await Promise.all(workers.map((w) => w.ready));
    const topic = 'eos-datagen-faults';
    const id = await createConnector(f, 'DatagenSource', {
      ...EOS,
      'exactly.once.support': 'required',
      'kafka.topic': topic,
      quickstart: 'orders',
      'max.interval': '10',
      iterations: String(N),
      'random.seed': '42',
      'output.data.format': 'JSON',
      'tasks.max': '1',
    });
    const owner = async () => {
      const [t] = await tasksOf(f, id);
      return t?.state === 'RUNNING' && t.workerId ? t : null;
    };
    const exited = (w: SpawnedWorker) =>
      new Promise((r) =>
        w.proc.exitCode !== null || w.proc.signalCode !== null ? r(undefined) : w.proc.once('exit', r),
      );
    const diagnose = async (e: Error) => {
      throw new Error(
        `${e.message}\niteration ${await datagenIteration(f, id)}\n${JSON.stringify(await tasksOf(f, id))}\n${workers
          .map((w) => `${w.id}:\n${w.output.slice(-8).join('\n')}`)
          .join('\n')}`,
      );
    };
    const moves: string[] = [];

    // 1. the worker holding the task is SIGKILLed mid-run (an open transaction, no clean stop)
    const first = await waitFor('task RUNNING', owner, 30_000);
    moves.push(first.workerId!);
    await waitFor('records flowing', async () => ((await datagenIteration(f, id)) ?? 0) >= N / 10, 60_000).catch(
      diagnose,
    );
    const killed = workers.find((w) => w.id === first.workerId)!;
    killed.proc.kill('SIGKILL');
    await exited(killed);
    const atKill = (await datagenIteration(f, id)) ?? 0;

    // 2. another worker takes it over and produces; then that worker is frozen (SIGSTOP)
    const second = await waitFor(
      'the task taken over after the SIGKILL and committing',
      async () => {
        const t = await owner();
        return t && t.workerId !== killed.id && ((await datagenIteration(f, id)) ?? 0) > atKill + N / 10 ? t : null;
      },
      60_000,
    ).catch(diagnose);
    moves.push(second.workerId!);
    assert.ok(((await datagenIteration(f, id)) ?? 0) < N - N / 10, 'the run is still going when the worker freezes');
    const frozen = workers.find((w) => w.id === second.workerId)!;
    frozen.proc.kill('SIGSTOP');

    // 3. its lease expires and the last worker takes the task over (a higher epoch) and produces
    const third = await waitFor(
      'the task taken over from the frozen worker',
      async () => {
        const t = await owner();
        return t && t.workerId !== frozen.id && t.epoch > second.epoch ? t : null;
      },
      60_000,
    ).catch(diagnose);
    moves.push(third.workerId!);
    const atTakeover = (await datagenIteration(f, id)) ?? 0;
    await waitFor(
      'the new owner committing',
      async () => ((await datagenIteration(f, id)) ?? 0) > atTakeover + 50,
      60_000,
    ).catch(diagnose);

    // 4. the frozen worker resumes: it finds out it was fenced; whatever it sends is not committed
    frozen.proc.kill('SIGCONT');
    await waitFor(
      'the resumed worker notices it was fenced',
      async () => frozen.output.some((l) => /"msg":"(fenced|lock lost, task aborted)"/.test(l) && l.includes(id)),
      30_000,
    ).catch(diagnose);

    // 5. the run completes on the new owner
    await waitFor(
      `all ${N} iterations committed`,
      async () => ((await datagenIteration(f, id)) ?? 0) >= N - 1 && (await owner()),
      120_000,
    ).catch(diagnose);
    const records = await waitFor(
      `${N} committed records`,
      async () => {
        const r = await readCommitted(f, topic).catch(() => []);
        return r.length >= N ? r : null;
      },
      60_000,
    );
    const orderIds = records.map((r) => (JSON.parse(r.value!) as { orderid: number }).orderid);
    const distinct = new Set(orderIds).size;
    process.stdout.write(
      `# datagen EOS under faults: N=${N}, read_committed ${records.length} records, ${distinct} distinct orderids, ` +
        `${records.length - distinct} duplicate(s); task on ${moves.join(' -> ')} (SIGKILL at iteration ${atKill}, ` +
        `SIGSTOP taken over at ${atTakeover})\n`,
    );
    assert.equal(records.length, N, 'exactly N records');
    assert.equal(distinct, N, 'no record twice');
    assert.equal(new Set(records.map((r) => r.value)).size, N, 'no value twice');
    for (const w of workers.filter((x) => x.proc.exitCode === null && x.proc.signalCode === null)) {
      w.proc.kill('SIGTERM');
      await exited(w);
    }
  });
});
