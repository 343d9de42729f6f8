// MySqlSource and PostgresSource (Confluent's JdbcSourceConnector with the MySQL / PostgreSQL
// dialect). start() lists the selected tables; taskConfigs() spreads them over
// min(#tables, tasks.max) tasks in contiguous groups (Kafka's ConnectorUtils.groupPartitions), or
// gives the query to one task. validate = the ConfigDef + the cross-property rules + the egress
// policy on connection.host + a connection to the database, naming what is wrong on its property
// (unreachable host, refused login, unknown database, a query or column that does not work).
import {
  ConfigException,
  SourceConnector,
  type Config,
  type ConfigDef,
  type Props,
  type TaskConstructor,
} from '@libs/connect-spi';
import { mergeErrors } from '../common/validation';
import { egressProblems } from '../jdbc-sink/jdbc-sink-config';
import type { SourceDialect, TableRef } from './dialect';
import {
  jdbcSourceConfigDef,
  jdbcSourceProblems,
  parseJdbcSourceConfig,
  type JdbcSourceConfig,
  type SourceFlavor,
} from './jdbc-source-config';
import {
  DISCOVER_KEY,
  JDBC_SOURCE_VERSION,
  MySqlSourceTask,
  PostgresSourceTask,
  TABLES_KEY,
  encodeTables,
  jdbcSourceEgress,
  openDialect,
  selectedTables,
} from './jdbc-source-task';
import { TableQuerier } from './table-querier';

export const MYSQL_SOURCE_CLASS = 'io.confluent.connect.jdbc.JdbcSourceConnector';
/** Confluent runs one class for both; our registry needs one class name per plugin. */
export const POSTGRES_SOURCE_CLASS = 'io.confluent.connect.jdbc.PostgresSourceConnector';

const CONNECTION_KEYS = ['connection.host', 'connection.port', 'connection.user', 'connection.password', 'db.name'];

/** Contiguous groups of nearly equal size (the first ones one larger), as ConnectorUtils.groupPartitions. */
export function groupTables<T>(items: T[], groups: number): T[][] {
  const out: T[][] = [];
  const base = Math.floor(items.length / groups);
  const extra = items.length % groups;
  let at = 0;
  for (let g = 0; g < groups; g++) {
    const size = base + (g < extra ? 1 : 0);
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}

abstract class JdbcSourceConnector extends SourceConnector {
  protected abstract readonly flavor: SourceFlavor;
  private props: Props = {};
  private tables: TableRef[] = [];

  version(): string {
    return JDBC_SOURCE_VERSION;
  }

  config(): ConfigDef {
    return jdbcSourceConfigDef(this.flavor);
  }

  async start(props: Props): Promise<void> {
    const c = parseJdbcSourceConfig(props, this.flavor);
    this.props = { ...props };
    if (c.query) return;
    const d = await connectOrExplain(c);
    try {
      this.tables = await selectedTables(d, c);
    } finally {
      await d.close().catch(() => undefined);
    }
  }

  taskConfigs(maxTasks: number): Props[] {
    if ((this.props.query ?? '').trim() !== '') return [{ ...this.props }];
    const groups = Math.max(1, Math.min(this.tables.length, maxTasks));
    // one task lists the tables itself later (new tables are picked up without a reconfiguration)
    return groupTables(this.tables, groups).map((g) => ({
      ...this.props,
      [TABLES_KEY]: encodeTables(g),
      [DISCOVER_KEY]: String(groups === 1),
    }));
  }

  stop(): void {}

  override async validate(props: Props): Promise<Config> {
    const base = this.config().validate(props);
    const errors: Record<string, string[]> = { ...jdbcSourceProblems(props, this.flavor) };
    const add = (k: string, m: string) => (errors[k] ??= []).push(m);
    for (const [k, v] of Object.entries(await egressProblems(props, jdbcSourceEgress.override ?? undefined)))
      for (const m of v) add(k, m);
    const blocked =
      Object.keys(errors).length > 0 ||
      base.some((cv) => cv.errorMessages.length > 0 && CONNECTION_KEYS.includes(cv.name));
    if (!blocked) for (const [k, v] of Object.entries(await this.checkDatabase(props))) for (const m of v) add(k, m);
    return mergeErrors(base, errors);
  }

  /** Connects and tries what the tasks will do: list the tables, resolve each one's columns. */
  private async checkDatabase(props: Props): Promise<Record<string, string[]>> {
    let c: JdbcSourceConfig;
    try {
      c = parseJdbcSourceConfig(props, this.flavor);
    } catch (e) {
      if (e instanceof ConfigException) return {};
      throw e;
    }
    let d: SourceDialect;
    try {
      d = await openDialect(c);
    } catch (e) {
      return connectionProblems(e);
    }
    try {
      const tables = c.query ? [null] : await selectedTables(d, c);
      const property = c.query
        ? 'query'
        : c.mode === 'incrementing'
          ? 'incrementing.column.name'
          : c.mode === 'bulk'
            ? 'mode'
            : 'timestamp.column.name';
      const problems: string[] = [];
      for (const t of tables) {
        try {
          const q = new TableQuerier(c, t);
          await q.init(d, undefined);
          // the clause appended to the table or query must parse (a query with its own WHERE does not)
          await q.dryRun(d).catch((e: Error) => problems.push(`The ${c.mode} query of ${q.label} fails: ${e.message}`));
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
      return problems.length > 0 ? { [property]: problems } : {};
    } finally {
      await d.close().catch(() => undefined);
    }
  }
}

/** A failed connection as validate errors on the property concerned. */
function connectionProblems(e: unknown): Record<string, string[]> {
  const err = e as { code?: string; message?: string };
  const msg = `Unable to connect to the database: ${err.message ?? String(e)}`;
  if (err.code === 'ER_ACCESS_DENIED_ERROR' || err.code === '28P01' || err.code === '28000')
    return { 'connection.user': [msg], 'connection.password': [msg] };
  if (err.code === 'ER_BAD_DB_ERROR' || err.code === '3D000') return { 'db.name': [msg] };
  return { 'connection.host': [msg] };
}

/** Connects for start(); a failure names the property to fix. */
async function connectOrExplain(c: JdbcSourceConfig): Promise<SourceDialect> {
  try {
    return await openDialect(c);
  } catch (e) {
    const [property, messages] = Object.entries(connectionProblems(e))[0]!;
    const value = { 'connection.host': c.host, 'connection.user': c.user, 'db.name': c.database }[property];
    throw new ConfigException(property, value, messages[0]!);
  }
}

export class MySqlSourceConnector extends JdbcSourceConnector {
  protected readonly flavor = 'mysql' as const;
  taskClass(): TaskConstructor<unknown> {
    return MySqlSourceTask;
  }
}

export class PostgresSourceConnector extends JdbcSourceConnector {
  protected readonly flavor = 'postgres' as const;
  taskClass(): TaskConstructor<unknown> {
    return PostgresSourceTask;
  }
}
