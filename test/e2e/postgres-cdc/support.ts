// The PostgreSQL half of the CDC e2e tests: a PRIVATE PostgreSQL with wal_level=logical (the
// machine's runs with replica) next to the shared CDC stack (../cdc/stack.ts).
import { EgressPolicy, PostgresCdcTask, PostgresSinkConnector } from '@libs/connectors';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { startCdcStack, stopCdcStack, type CdcStack } from '../cdc/stack';

export * from '../cdc/stack';

export interface PgCdcEnv extends CdcStack {
  pg: PrivatePostgres;
}

export async function startPgCdcEnv(name: string): Promise<PgCdcEnv> {
  const policy = new EgressPolicy({ devMode: true });
  PostgresCdcTask.egressPolicyOverride = policy;
  PostgresSinkConnector.egressPolicyOverride = policy;
  const pg = await startPrivatePostgres({
    settings: { wal_level: 'logical', max_replication_slots: '4', max_wal_senders: '4' },
  });
  return { ...(await startCdcStack(name)), pg };
}

export async function stopPgCdcEnv(env: PgCdcEnv | undefined, connectors: string[]): Promise<void> {
  if (!env) return;
  await stopCdcStack(env, connectors);
  await env.pg.close();
  PostgresCdcTask.egressPolicyOverride = null;
  PostgresSinkConnector.egressPolicyOverride = null;
}
