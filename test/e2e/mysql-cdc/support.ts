// The MariaDB half of the CDC e2e tests: a PRIVATE MariaDB with the binlog on (the machine's
// MariaDB runs without it) next to the shared CDC stack (../cdc/stack.ts).
import { BinlogCdcTask, EgressPolicy, MySqlSinkConnector } from '@libs/connectors';
import { startBinlogMariaDb } from '../../../libs/connectors/test/mysql-cdc/cdc-harness';
import type { PrivateMariaDb } from '../../../libs/connectors/test/private-mariadb';
import { startCdcStack, stopCdcStack, type CdcStack } from '../cdc/stack';

export { CDC_USER } from '../../../libs/connectors/test/mysql-cdc/cdc-harness';
export * from '../cdc/stack';

export interface CdcEnv extends CdcStack {
  db: PrivateMariaDb;
}

export async function startCdcEnv(name: string, serverId: number): Promise<CdcEnv> {
  const policy = new EgressPolicy({ devMode: true });
  BinlogCdcTask.egressPolicyOverride = policy;
  MySqlSinkConnector.egressPolicyOverride = policy;
  const db = await startBinlogMariaDb(serverId);
  return { ...(await startCdcStack(name)), db };
}

export async function stopCdcEnv(env: CdcEnv | undefined, connectors: string[]): Promise<void> {
  if (!env) return;
  await stopCdcStack(env, connectors);
  await env.db.destroy();
  BinlogCdcTask.egressPolicyOverride = null;
  MySqlSinkConnector.egressPolicyOverride = null;
}
