// A PostgreSQL connection (the `pg` driver) as the JDBC core's session: the egress-checked address
// (TLS still names the configured host), ssl.mode as the JDBC driver's sslmode (prefer falls back to
// plain when the server has no TLS), the session time zone set to db.timezone (so text values for
// timestamptz columns read in that zone), and current_schema() for unqualified table names.
import { checkServerIdentity, type ConnectionOptions } from 'node:tls';
import { isIP } from 'node:net';
import { Client, type ClientConfig } from 'pg';
import { ConnectException } from '@libs/connect-spi';
import type { EgressPolicy } from '../egress/egress-policy';
import type { JdbcSession } from '../jdbc-sink/dialect';
import type { JdbcSinkConfig } from '../jdbc-sink/jdbc-sink-config';
import { PreparedStatements } from './prepared-statements';

/** Postgres messages are at most 1 GiB; stay far below it so one statement cannot hog memory. */
const MAX_STATEMENT_BYTES = 64 * 1024 * 1024;

class PostgresSession implements JdbcSession {
  broken = false;
  readonly maxStatementBytes = MAX_STATEMENT_BYTES;
  private readonly prepared: PreparedStatements;

  constructor(
    private readonly client: Client,
    readonly id: number,
    readonly defaultSchema: string,
  ) {
    // pg emits 'error' on a lost connection; without a listener the process would crash
    client.on('error', () => (this.broken = true));
    client.on('end', () => (this.broken = true));
    this.prepared = new PreparedStatements(client);
  }

  async query(sql: string, params?: unknown[]): Promise<unknown[]> {
    // DML with parameters runs as a named prepared statement; DDL and look-ups as they are
    if (params && params.length > 0 && /^(INSERT|UPDATE|DELETE) /.test(sql)) return this.prepared.query(sql, params);
    const r = await this.client.query(sql, params);
    return r.rows ?? [];
  }
  async begin(): Promise<void> {
    await this.client.query('BEGIN');
  }
  async commit(): Promise<void> {
    await this.client.query('COMMIT');
  }
  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK');
  }
  async end(): Promise<void> {
    await this.client.end();
  }
  destroy(): void {
    this.broken = true;
    // end() without waiting: the socket is closed, pending queries fail
    this.client.end().catch(() => undefined);
  }
}

function tlsOptions(c: PostgresEndpoint): ConnectionOptions | false {
  switch (c.sslMode) {
    case 'prefer':
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      // the chain only, as the JDBC driver's verify-ca
      return { rejectUnauthorized: true, ca: c.sslCa, checkServerIdentity: () => undefined };
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        ca: c.sslCa,
        ...(isIP(c.host) === 0 ? { servername: c.host } : {}),
        // we connect to the checked address: verify against the configured name
        checkServerIdentity: (_host, cert) => checkServerIdentity(c.host, cert),
      };
  }
}

/** `SET TIME ZONE` for db.timezone: ±HH:MM as an interval (ISO sign, not POSIX), names quoted. */
export function setTimeZoneSql(tz: string): string {
  if (/^[+-]\d{2}:\d{2}$/.test(tz)) return `SET TIME ZONE INTERVAL '${tz}' HOUR TO MINUTE`;
  return `SET TIME ZONE '${tz.replace(/'/g, "''")}'`;
}

async function open(config: ClientConfig): Promise<Client> {
  const client = new Client(config);
  // errors before the session takes over (the connect promise rejects with them too)
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (e) {
    client.end().catch(() => undefined);
    throw e;
  }
}

/** What a PostgreSQL connection needs of a connector's config (the JDBC sink's and the JDBC source's). */
export type PostgresEndpoint = Pick<
  JdbcSinkConfig,
  'host' | 'port' | 'user' | 'password' | 'database' | 'sslMode' | 'sslCa' | 'dbTimezone' | 'connectorName'
>;

/**
 * An egress-checked connection with ssl.mode applied (prefer falls back to plain without server
 * TLS) and the session time zone set to db.timezone.
 */
export async function connectPostgres(c: PostgresEndpoint, policy: EgressPolicy): Promise<Client> {
  const decision = await policy.check(c.host, c.port);
  if (!decision.allowed)
    throw new ConnectException(`Invalid value ${c.host} for configuration connection.host: ${decision.reason}`);
  const base: ClientConfig = {
    host: decision.addresses[0],
    port: c.port,
    user: c.user,
    password: c.password,
    database: c.database,
    connectionTimeoutMillis: 10_000,
    application_name: `connectplane:${c.connectorName}`.slice(0, 63),
  };
  let client: Client;
  try {
    client = await open({ ...base, ssl: tlsOptions(c) });
  } catch (e) {
    if (c.sslMode !== 'prefer' || !/does not support SSL/i.test((e as Error).message ?? '')) throw e;
    client = await open(base);
  }
  try {
    await client.query(setTimeZoneSql(c.dbTimezone));
    return client;
  } catch (e) {
    client.end().catch(() => undefined);
    throw e;
  }
}

export async function openPostgresSession(c: JdbcSinkConfig, policy: EgressPolicy): Promise<JdbcSession> {
  const client = await connectPostgres(c, policy);
  try {
    const r = await client.query<{ pid: number; schema: string | null }>(
      'SELECT pg_backend_pid() AS pid, current_schema() AS schema',
    );
    const row = r.rows[0];
    if (!row.schema)
      throw new ConnectException(
        `No schema of the search_path of user ${c.user} exists in database ${c.database}: qualify table.name.format (schema.\${topic})`,
      );
    return new PostgresSession(client, Number(row.pid), row.schema);
  } catch (e) {
    client.end().catch(() => undefined);
    throw e;
  }
}
