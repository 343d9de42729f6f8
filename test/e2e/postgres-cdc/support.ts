// The PostgreSQL half of the CDC e2e tests: a PRIVATE PostgreSQL with wal_level=logical (the
// machine's runs with replica) next to the shared CDC stack (../cdc/stack.ts).
import { EgressPolicy, PostgresCdcTask, PostgresSinkConnector } from '@libs/connectors';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { startCdcStack, stopCdcStack, type CdcStack } from '../cdc/stack';

export * from '../cdc/stack';

export interface PgCdcEnv extends CdcStack {
  pg: PrivatePostgres;
}

/**
 * The database half alone (for pipelines whose other end is another database): the private
 * Postgres, and the Postgres connectors allowed to reach it (the machine's own Postgres on 5432 is
 * the platform's, which the egress policy refuses, so a sink's target must be this one).
 */
export async function startLogicalPostgres(): Promise<PrivatePostgres> {
  const policy = new EgressPolicy({ devMode: true });
  PostgresCdcTask.egressPolicyOverride = policy;
  PostgresSinkConnector.egressPolicyOverride = policy;
  return startPrivatePostgres({
    settings: { wal_level: 'logical', max_replication_slots: '4', max_wal_senders: '4' },
  });
}

export async function stopLogicalPostgres(pg: PrivatePostgres | undefined): Promise<void> {
  await pg?.close();
  PostgresCdcTask.egressPolicyOverride = null;
  PostgresSinkConnector.egressPolicyOverride = null;
}

export async function startPgCdcEnv(name: string): Promise<PgCdcEnv> {
  const pg = await startLogicalPostgres();
  return { ...(await startCdcStack(name)), pg };
}

export async function stopPgCdcEnv(env: PgCdcEnv | undefined, connectors: string[]): Promise<void> {
  if (!env) return;
  await stopCdcStack(env, connectors);
  await stopLogicalPostgres(env.pg);
}
