// A process frozen (SIGSTOP) or hung inside a transaction must not hold its locks for ever: Postgres
// ends the session after DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS, so the next task owner's claim is
// not stuck behind a zombie's offset commit (the failover tests show it end to end).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@libs/config';
import { PrismaService } from '@libs/db';
import { applyTestEnv } from '../support/test-env';

describe('a transaction left idle by a frozen process', () => {
  let zombie: PrismaService;
  let next: PrismaService;
  const key = Math.floor(Math.random() * 1e9);

  before(() => {
    applyTestEnv();
    zombie = new PrismaService(loadConfig({ ...process.env, DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '800' }));
    next = new PrismaService(loadConfig(process.env));
  });

  after(async () => {
    await zombie.$disconnect();
    await next.$disconnect();
  });

  it('loses its locks once the server ends its idle session, and the waiter goes on', async () => {
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const zombieTx = zombie.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key}::bigint)`;
        locked();
        await new Promise((r) => setTimeout(r, 6000)); // frozen: no statement, no commit
        await tx.$queryRaw`SELECT 1`;
      },
      { timeout: 30_000 },
    );
    zombieTx.catch(() => undefined);
    await holding;
    const t0 = Date.now();
    await next.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key}::bigint)`;
    });
    const waited = Date.now() - t0;
    assert.ok(waited < 5000, `the waiter got the lock after ${waited} ms, before the zombie woke`);
    await assert.rejects(zombieTx, 'the zombie’s transaction cannot commit');
  });
});
