// PostgresCdcSourceV2 (io.debezium.connector.v2.postgresql.PostgresConnectorV2): one task reading
// one replication slot. validate = the ConfigDef + cross-property rules + the egress policy on
// database.hostname + a connection naming a missing server prerequisite on its property.
import {
  ConfigException,
  SourceConnector,
  type Config,
  type ConfigDef,
  type ExactlyOnceSupport,
  type Props,
  type TaskConstructor,
} from '@libs/connect-spi';
import { mergeErrors } from '../common/validation';
import { egressPolicy } from '../egress/egress-policy';
import { openPgClient } from './pg-connection';
import { parsePostgresCdcConfig, postgresCdcConfigDef, postgresCdcProblems } from './postgres-cdc-config';
import { POSTGRES_CDC_VERSION, PostgresCdcTask } from './postgres-cdc-task';
import { pgServerProblems } from './server-checks';
import { dropSlot } from './slot-and-publication';

export const POSTGRES_CDC_CLASS = 'io.debezium.connector.v2.postgresql.PostgresConnectorV2';

const OWNED = ['tasks.max', 'topic.prefix', 'max.batch.size', 'slot.name', 'publication.name'];

export class PostgresCdcConnector extends SourceConnector {
  private props: Props = {};

  version(): string {
    return POSTGRES_CDC_VERSION;
  }

  start(props: Props): void {
    parsePostgresCdcConfig(props);
    this.props = { ...props };
  }

  /** One task: a slot is one ordered stream. */
  taskConfigs(_maxTasks: number): Props[] {
    return [{ ...this.props, 'task.id': '0' }];
  }

  stop(): void {}

  /**
   * KIP-618: streaming resumes exactly after the last committed record (lsn, lsn_commit,
   * lsn_events_processed) and the slot is acknowledged only after the transaction committed
   * (commit()), so streaming is exactly-once. An interrupted data snapshot starts over (as
   * Debezium's does) and repeats the rows already committed: only snapshot.mode=no_data qualifies.
   */
  override exactlyOnceSupport(props: Props): ExactlyOnceSupport {
    try {
      return parsePostgresCdcConfig(props).snapshotMode === 'no_data' ? 'SUPPORTED' : 'UNSUPPORTED';
    } catch {
      return 'UNSUPPORTED';
    }
  }

  /** Deleted: drop the replication slot (it would pin WAL until the disk fills); throws while it is still active. */
  override async onDelete(props: Props): Promise<void> {
    await dropPostgresCdcSlot(props);
  }

  taskClass(): TaskConstructor<unknown> {
    return PostgresCdcTask;
  }

  config(): ConfigDef {
    return postgresCdcConfigDef();
  }

  override async validate(props: Props): Promise<Config> {
    const base = this.config().validate(props);
    const errors = postgresCdcProblems(props);
    const add = (k: string, m: string) => (errors[k] ??= []).push(m);
    const host = (props['database.hostname'] ?? '').trim();
    const port = Number(props['database.port'] ?? 5432);
    const policy = PostgresCdcTask.egressPolicyOverride ?? egressPolicy();
    if (host) {
      const msg = await policy.validationError('database.hostname', host, Number.isInteger(port) ? port : undefined);
      if (msg) add('database.hostname', msg);
    }
    const connectionOk = !base.some((cv) => cv.errorMessages.length > 0 && cv.name.startsWith('database.'));
    if (!errors['database.hostname'] && connectionOk && host)
      for (const [k, v] of Object.entries(await checkServer(props))) for (const m of v) add(k, m);
    return mergeErrors(base, errors, OWNED);
  }
}

async function withClient<T>(
  props: Props,
  fn: (client: Awaited<ReturnType<typeof openPgClient>>) => Promise<T>,
): Promise<T | null> {
  let c;
  try {
    c = parsePostgresCdcConfig(props);
  } catch (e) {
    if (e instanceof ConfigException) return null;
    throw e;
  }
  const d = await (PostgresCdcTask.egressPolicyOverride ?? egressPolicy()).check(c.hostname, c.port);
  if (!d.allowed) return null;
  const client = await openPgClient(c, { host: d.addresses[0]!, port: c.port });
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects with the config and reports what the server lacks. */
async function checkServer(props: Props): Promise<Record<string, string[]>> {
  try {
    return (await withClient(props, (client) => pgServerProblems(client, parsePostgresCdcConfig(props)))) ?? {};
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === '28P01' || err.code === '28000')
      return {
        'database.password': [`Unable to connect: ${err.message}`],
        'database.user': [`Unable to connect: ${err.message}`],
      };
    if (err.code === '3D000') return { 'database.dbname': [`Unable to connect: ${err.message}`] };
    return { 'database.hostname': [`Unable to connect: ${err.message ?? String(e)}`] };
  }
}

/**
 * What deleting the connector must do on the database: drop its replication slot (a forgotten slot
 * pins WAL until the disk fills); false when there was none. The publication is left: it may be
 * shared and costs nothing. Throws while a walsender still holds the slot.
 */
export async function dropPostgresCdcSlot(props: Props): Promise<boolean> {
  return (
    (await withClient(props, (client) => dropSlot(client, parsePostgresCdcConfig(props).slotName, false))) ?? false
  );
}
