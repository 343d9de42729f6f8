// The MariaDB half of the CDC e2e tests: a PRIVATE MariaDB with the binlog on (the machine's
// MariaDB runs without it) next to the shared CDC stack (../cdc/stack.ts).
import { BinlogCdcTask, EgressPolicy, MySqlSinkConnector } from '@libs/connectors';
import { startBinlogMariaDb } from '../../../libs/connectors/test/mysql-cdc/cdc-harness';
import type { PrivateMariaDb } from '../../../libs/connectors/test/private-mariadb';
import { CDC_USER } from '../../../libs/connectors/test/mysql-cdc/cdc-harness';
import { AVRO_CDC_OUTPUT } from '../cdc/pipeline';
import { startCdcStack, stopCdcStack, type CdcStack } from '../cdc/stack';

export { CDC_USER };
export * from '../cdc/stack';

export interface CdcEnv extends CdcStack {
  db: PrivateMariaDb;
}

/**
 * The database half alone (for pipelines whose other end is another database): the private
 * MariaDB, and the MariaDB connectors allowed to reach it (a loopback address the egress policy
 * refuses outside dev mode).
 */
export async function startBinlogDb(serverId: number): Promise<PrivateMariaDb> {
  const policy = new EgressPolicy({ devMode: true });
  BinlogCdcTask.egressPolicyOverride = policy;
  MySqlSinkConnector.egressPolicyOverride = policy;
  return startBinlogMariaDb(serverId);
}

export async function stopBinlogDb(db: PrivateMariaDb | undefined): Promise<void> {
  await db?.destroy();
  BinlogCdcTask.egressPolicyOverride = null;
  MySqlSinkConnector.egressPolicyOverride = null;
}

export async function startCdcEnv(name: string, serverId: number): Promise<CdcEnv> {
  const db = await startBinlogDb(serverId);
  return { ...(await startCdcStack(name)), db };
}

export async function stopCdcEnv(env: CdcEnv | undefined, connectors: string[]): Promise<void> {
  if (!env) return;
  await stopCdcStack(env, connectors);
  await stopBinlogDb(env.db);
}

/** MySqlCdcSourceV2 on the private MariaDB as the CDC user: `database`'s tables into `<prefix>.<database>.<table>`, in AVRO. */
export function binlogCdcSource(db: PrivateMariaDb, prefix: string, database: string): Record<string, string> {
  return {
    'connector.class': 'MySqlCdcSourceV2',
    'database.hostname': '127.0.0.1',
    'database.port': String(db.port),
    'database.user': CDC_USER.user,
    'database.password': CDC_USER.password,
    'database.ssl.mode': 'disabled',
    'topic.prefix': prefix,
    'database.include.list': database,
    ...AVRO_CDC_OUTPUT,
  };
}
