// The JDBC source task: one connection, one querier per assigned table (or the query), processed
// in order of their next due time as Confluent's JdbcSourceTask does: a run's rows come
// batch.max.rows per poll until its result is exhausted, then that table waits poll.interval.ms.
// A failed query drops the connection and is retried (query.retry.attempts) before the task fails.
// A task that was given every table (one task) re-lists them every table.poll.interval.ms.
import { ConnectException, SourceTask, type Props, type SourceRecord } from '@libs/connect-spi';
import { Stopper } from '../common/validation';
import { egressPolicy, type EgressPolicy } from '../egress/egress-policy';
import { tableSelected, type SourceDialect, type TableRef } from './dialect';
import { parseJdbcSourceConfig, type JdbcSourceConfig, type SourceFlavor } from './jdbc-source-config';
import { MySqlSourceDialect } from './mysql-source-dialect';
import { PostgresSourceDialect } from './postgres-source-dialect';
import { TableQuerier } from './table-querier';

export const JDBC_SOURCE_VERSION = '10.8.5';
/** Task config keys the connector adds: the assigned tables, and whether the task lists them itself. */
export const TABLES_KEY = 'tables';
export const DISCOVER_KEY = 'tables.discover';

/** Tests / embedders: the egress policy for connection.host (default: process-wide). */
export const jdbcSourceEgress: { override: EgressPolicy | null } = { override: null };

export function openDialect(c: JdbcSourceConfig): Promise<SourceDialect> {
  const policy = jdbcSourceEgress.override ?? egressPolicy();
  return c.flavor === 'mysql' ? MySqlSourceDialect.connect(c, policy) : PostgresSourceDialect.connect(c, policy);
}

/** The selected tables of the database, in name order. */
export async function selectedTables(d: SourceDialect, c: JdbcSourceConfig): Promise<TableRef[]> {
  return (await d.listTables(c)).filter((t) => tableSelected(t, c));
}

export function encodeTables(tables: TableRef[]): string {
  return JSON.stringify(tables.map((t) => [t.schema, t.name]));
}

function decodeTables(text: string | undefined): TableRef[] {
  const pairs = JSON.parse(text ?? '[]') as [string, string][];
  return pairs.map(([schema, name]) => ({ schema, name, fq: `${schema}.${name}` }));
}

const BACKOFF_MS = 1000;

export abstract class JdbcSourceTask extends SourceTask {
  protected abstract readonly flavor: SourceFlavor;
  private c: JdbcSourceConfig | null = null;
  private dialect: SourceDialect | null = null;
  private queriers: TableQuerier[] = [];
  private discover = false;
  private nextDiscovery = 0;
  private failures = 0;
  private readonly stopper = new Stopper();

  version(): string {
    return JDBC_SOURCE_VERSION;
  }

  async start(props: Props): Promise<void> {
    const c = parseJdbcSourceConfig(props, this.flavor);
    this.c = c;
    this.discover = props[DISCOVER_KEY] === 'true';
    const d = await this.connection();
    if (c.query) this.queriers = [new TableQuerier(c, null)];
    else this.queriers = decodeTables(props[TABLES_KEY]).map((t) => new TableQuerier(c, t));
    for (const q of this.queriers) await q.init(d, this.context?.offsetStorageReader);
    this.nextDiscovery = Date.now() + c.tablePollIntervalMs;
  }

  private async connection(): Promise<SourceDialect> {
    this.dialect ??= await openDialect(this.c!);
    return this.dialect;
  }

  async poll(): Promise<SourceRecord[] | null> {
    const c = this.c;
    if (!c || this.stopper.isStopped) return null;
    try {
      if (this.discover && Date.now() >= this.nextDiscovery) await this.rediscover();
      const q = this.queriers.find((x) => x.running) ?? [...this.queriers].sort((a, b) => a.nextDue - b.nextDue)[0];
      if (!q) {
        await this.stopper.sleep(Math.min(1000, c.tablePollIntervalMs));
        return null;
      }
      const wait = q.nextDue - Date.now();
      if (wait > 0) {
        await this.stopper.sleep(Math.min(wait, 1000));
        return null;
      }
      const records = await q.poll(await this.connection());
      this.failures = 0;
      return records.length > 0 ? records : null;
    } catch (e) {
      if (this.stopper.isStopped) return null;
      if (e instanceof ConnectException && !isDatabaseError(e)) throw e;
      // a query or connection failure: a new connection, the run again from the offset
      this.dialect?.destroy();
      this.dialect = null;
      for (const q of this.queriers) q.abandon();
      if (++this.failures > c.queryRetryAttempts)
        throw new ConnectException(
          `Failed to query ${c.flavor === 'mysql' ? 'MySQL' : 'PostgreSQL'} ${this.failures} times in a row: ${(e as Error).message}`,
        );
      await this.stopper.sleep(BACKOFF_MS);
      return null;
    }
  }

  /** One task with every table: new tables get a querier, dropped ones lose theirs. */
  private async rediscover(): Promise<void> {
    const c = this.c!;
    this.nextDiscovery = Date.now() + c.tablePollIntervalMs;
    if (this.queriers.some((q) => q.running)) return;
    const d = await this.connection();
    const now = await selectedTables(d, c);
    const have = new Map(this.queriers.map((q) => [q.table!.fq, q]));
    const next: TableQuerier[] = [];
    for (const t of now) {
      let q = have.get(t.fq);
      if (!q) {
        q = new TableQuerier(c, t);
        await q.init(d, this.context?.offsetStorageReader);
      }
      next.push(q);
    }
    this.queriers = next;
  }

  async stop(): Promise<void> {
    this.stopper.stop();
    this.dialect?.destroy();
    this.dialect = null;
  }
}

/** Errors the task wraps itself (bad data, misconfiguration) fail it; driver errors are retried. */
function isDatabaseError(e: ConnectException): boolean {
  return /^Failed to read the columns/.test(e.message);
}

export class MySqlSourceTask extends JdbcSourceTask {
  protected readonly flavor = 'mysql' as const;
}

export class PostgresSourceTask extends JdbcSourceTask {
  protected readonly flavor = 'postgres' as const;
}
