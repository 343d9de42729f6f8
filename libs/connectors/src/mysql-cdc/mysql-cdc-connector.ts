// MySqlCdcSourceV2 (io.debezium.connector.v2.mysql.MySqlConnectorV2) and MariaDbCdcSource
// (io.debezium.connector.v2.mariadb.MariaDbConnector): one task reading one binlog. validate =
// the ConfigDef + cross-property rules + the egress policy on database.hostname + a connection to
// the server naming a missing prerequisite (binlog off, not ROW, not FULL, missing grants) on the
// property it concerns.
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
import { openConnection } from './connection';
import { mySqlCdcConfigDef, mySqlCdcProblems, parseMySqlCdcConfig, type CdcFlavor } from './mysql-cdc-config';
import { BinlogCdcTask, MariaDbCdcTask, MYSQL_CDC_VERSION, MySqlCdcTask } from './mysql-cdc-task';
import { serverProblems } from './server-checks';

export const MYSQL_CDC_CLASS = 'io.debezium.connector.v2.mysql.MySqlConnectorV2';
export const MARIADB_CDC_CLASS = 'io.debezium.connector.v2.mariadb.MariaDbConnector';

const OWNED = ['tasks.max', 'topic.prefix', 'max.batch.size'];

abstract class BinlogCdcConnector extends SourceConnector {
  protected abstract readonly flavor: CdcFlavor;
  private props: Props = {};

  version(): string {
    return MYSQL_CDC_VERSION;
  }

  start(props: Props): void {
    parseMySqlCdcConfig(props, this.flavor);
    this.props = { ...props };
  }

  /** One task: the binlog is one ordered stream. */
  taskConfigs(_maxTasks: number): Props[] {
    return [{ ...this.props, 'task.id': '0' }];
  }

  stop(): void {}

  /**
   * KIP-618: streaming resumes exactly after the last committed record (file/pos of its
   * transaction, then `event`/`row` to skip), so streaming is exactly-once. An interrupted data
   * snapshot starts over (as Debezium's does) and repeats the rows already committed: only modes
   * without a data snapshot qualify.
   */
  override exactlyOnceSupport(props: Props): ExactlyOnceSupport {
    try {
      const mode = parseMySqlCdcConfig(props, this.flavor).snapshotMode;
      return mode === 'never' || mode === 'no_data' || mode === 'recovery' ? 'SUPPORTED' : 'UNSUPPORTED';
    } catch {
      return 'UNSUPPORTED';
    }
  }

  config(): ConfigDef {
    return mySqlCdcConfigDef(this.flavor);
  }

  override async validate(props: Props): Promise<Config> {
    const base = this.config().validate(props);
    const errors = mySqlCdcProblems(props);
    const add = (k: string, m: string) => (errors[k] ??= []).push(m);
    const host = (props['database.hostname'] ?? '').trim();
    const port = Number(props['database.port']);
    if (host) {
      const policy = BinlogCdcTask.egressPolicyOverride ?? egressPolicy();
      const msg = await policy.validationError('database.hostname', host, Number.isInteger(port) ? port : undefined);
      if (msg) add('database.hostname', msg);
    }
    const connectionOk = !base.some((cv) => cv.errorMessages.length > 0 && cv.name.startsWith('database.'));
    if (!errors['database.hostname'] && connectionOk && host) {
      for (const [k, v] of Object.entries(await this.checkServer(props))) for (const m of v) add(k, m);
    }
    return mergeErrors(base, errors, OWNED);
  }

  /** Connects with the config and reports what the server lacks. */
  private async checkServer(props: Props): Promise<Record<string, string[]>> {
    let c;
    try {
      c = parseMySqlCdcConfig(props, this.flavor);
    } catch (e) {
      if (e instanceof ConfigException) return {};
      throw e;
    }
    try {
      const policy = BinlogCdcTask.egressPolicyOverride ?? egressPolicy();
      const d = await policy.check(c.hostname, c.port);
      if (!d.allowed) return {};
      const conn = await openConnection(c, { host: d.addresses[0]!, port: c.port });
      try {
        return await serverProblems(conn, this.flavor);
      } finally {
        await conn.end().catch(() => undefined);
      }
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === 'ER_ACCESS_DENIED_ERROR')
        return {
          'database.password': [`Unable to connect: ${err.message}`],
          'database.user': [`Unable to connect: ${err.message}`],
        };
      return { 'database.hostname': [`Unable to connect: ${err.message ?? String(e)}`] };
    }
  }
}

export class MySqlCdcConnector extends BinlogCdcConnector {
  protected readonly flavor = 'mysql' as const;
  taskClass(): TaskConstructor<unknown> {
    return MySqlCdcTask;
  }
}

export class MariaDbCdcConnector extends BinlogCdcConnector {
  protected readonly flavor = 'mariadb' as const;
  taskClass(): TaskConstructor<unknown> {
    return MariaDbCdcTask;
  }
}
