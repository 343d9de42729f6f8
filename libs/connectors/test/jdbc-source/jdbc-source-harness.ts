// The JDBC source tests' databases: a private database per run on the machine's MariaDB
// (127.0.0.1:3306, root) and PostgreSQL (127.0.0.1:5432, postgres), both reached through one small
// interface, and the connector properties pointing at them. Tasks are driven without the runtime
// (MemoryOffsets commits the offsets of every polled record, as the runtime does once acknowledged).
import { randomBytes } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import { Client } from 'pg';
import { after, before } from 'node:test';
import type { Props, SourceRecord, SourceTask } from '@libs/connect-spi';
import { EgressPolicy, MySqlSourceTask, PostgresSourceTask, jdbcSourceEgress, type SourceFlavor } from '../../src';
import { MemoryOffsets, startTask } from '../mysql-cdc/cdc-harness';

export { MemoryOffsets, pollUntil } from '../mysql-cdc/cdc-harness';

/**
 * The file's tasks and validations get a dev-mode egress policy without the platform's endpoints
 * (the Postgres on 5432 is also the platform's own, which the default policy refuses).
 */
export function useDevEgress(): void {
  before(() => {
    jdbcSourceEgress.override = new EgressPolicy({ devMode: true });
  });
  after(() => {
    jdbcSourceEgress.override = null;
  });
}

export interface TestDb {
  flavor: SourceFlavor;
  name: string;
  port: number;
  /** Statements in the test database (MySQL `?` / Postgres `$1` placeholders). */
  exec(sql: string, params?: unknown[]): Promise<unknown[]>;
  props(extra?: Record<string, string>): Props;
  newTask(): SourceTask;
  drop(): Promise<void>;
}

export async function mariaDb(): Promise<TestDb> {
  const name = `cp_jdbcsrc_${randomBytes(4).toString('hex')}`;
  const admin: Connection = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.query(`USE ${name}`);
  await admin.query("SET time_zone = '+00:00'");
  return {
    flavor: 'mysql',
    name,
    port: 3306,
    exec: async (sql, params) => {
      const [rows] = await admin.query(sql, params);
      return Array.isArray(rows) ? rows : [];
    },
    props: (extra = {}) => baseProps('MySqlSource', 3306, 'root', name, extra),
    newTask: () => new MySqlSourceTask(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    },
  };
}

export async function postgres(): Promise<TestDb> {
  const name = `cp_jdbcsrc_${randomBytes(4).toString('hex')}`;
  const server = { host: '127.0.0.1', port: 5432, user: 'postgres' };
  const admin = new Client({ ...server, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const db = new Client({ ...server, database: name });
  await db.connect();
  await db.query("SET TIME ZONE 'UTC'");
  return {
    flavor: 'postgres',
    name,
    port: 5432,
    exec: async (sql, params) => (await db.query(sql, params)).rows,
    props: (extra = {}) => baseProps('PostgresSource', 5432, 'postgres', name, extra),
    newTask: () => new PostgresSourceTask(),
    drop: async () => {
      await db.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

function baseProps(cls: string, port: number, user: string, db: string, extra: Record<string, string>): Props {
  return {
    name: 'jdbc-source-test',
    'connector.class': cls,
    'connection.host': '127.0.0.1',
    'connection.port': String(port),
    'connection.user': user,
    'connection.password': '',
    'db.name': db,
    'topic.prefix': 'src-',
    'poll.interval.ms': '200',
    'tasks.max': '1',
    ...extra,
  };
}

/** Starts a task on `props` with the connector's task config for the given tables. */
export async function startSource(db: TestDb, props: Props, offsets: MemoryOffsets): Promise<SourceTask> {
  const task = db.newTask();
  await startTask(task, props, offsets);
  return task;
}

/** The table list a connector gives its single task. */
export function tablesProp(db: TestDb, ...tables: string[]): Record<string, string> {
  const schema = db.flavor === 'mysql' ? db.name : 'public';
  return { tables: JSON.stringify(tables.map((t) => [schema, t])), 'tables.discover': 'false' };
}

/** One poll that returned records (waits through idle polls); commits them. */
export async function pollBatch(task: SourceTask, offsets: MemoryOffsets, timeoutMs = 20_000): Promise<SourceRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await task.poll();
    if (batch && batch.length > 0) {
      offsets.commit(batch);
      return batch;
    }
    if (Date.now() > deadline) throw new Error('no records polled');
  }
}
