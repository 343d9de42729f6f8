// A MySQL connection as the JDBC core's session: egress-checked address, ssl.mode (prefer falls
// back to plain when the server has no TLS), UTC session time zone (values are bound as text in
// db.timezone), and the server's max_allowed_packet as the statement budget.
import { isIP } from 'node:net';
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';
import { ConnectException } from '@libs/connect-spi';
import type { EgressPolicy } from '../egress/egress-policy';
import type { JdbcSession } from '../jdbc-sink/dialect';
import type { JdbcSinkConfig } from '../jdbc-sink/jdbc-sink-config';
import { socketNamedFor } from './tls-socket';

class MySqlSession implements JdbcSession {
  broken = false;

  constructor(
    private readonly conn: Connection,
    readonly id: number,
    readonly defaultSchema: string,
    readonly maxStatementBytes: number,
  ) {
    conn.on('error', () => (this.broken = true));
  }

  async query(sql: string, params?: unknown[]): Promise<unknown[]> {
    const [rows] = await this.conn.query(sql, params);
    return Array.isArray(rows) ? rows : [];
  }
  begin(): Promise<void> {
    return this.conn.beginTransaction();
  }
  commit(): Promise<void> {
    return this.conn.commit();
  }
  rollback(): Promise<void> {
    return this.conn.rollback();
  }
  end(): Promise<void> {
    return this.conn.end();
  }
  destroy(): void {
    this.conn.destroy();
  }
}

/** What a MySQL connection needs of a connector's config (the JDBC sink's and the JDBC source's). */
export type MySqlEndpoint = Pick<
  JdbcSinkConfig,
  'host' | 'port' | 'user' | 'password' | 'database' | 'sslMode' | 'sslCa'
>;

/**
 * An egress-checked connection with ssl.mode applied (prefer falls back to plain without server
 * TLS); `extra` adds driver options (the JDBC source reads JSON as its text).
 */
export async function connectMySql(
  c: MySqlEndpoint,
  policy: EgressPolicy,
  extra: ConnectionOptions = {},
): Promise<Connection> {
  const decision = await policy.check(c.host, c.port);
  if (!decision.allowed)
    throw new ConnectException(`Invalid value ${c.host} for configuration connection.host: ${decision.reason}`);
  const base: ConnectionOptions = {
    host: decision.addresses[0],
    port: c.port,
    user: c.user,
    password: c.password,
    database: c.database,
    charset: 'utf8mb4',
    connectTimeout: 10_000,
    supportBigNumbers: true,
    dateStrings: true,
    ...extra,
  };
  if (c.sslMode === 'prefer') {
    try {
      return await createConnection({ ...base, ssl: { rejectUnauthorized: false } });
    } catch (e) {
      const msg = (e as Error).message ?? '';
      if (!/secure connection|SSL|TLS/i.test(msg)) throw e;
      return createConnection(base);
    }
  }
  return createConnection({
    ...base,
    // require: encrypted, nothing checked; verify-ca: the chain; verify-full: the chain and the
    // host name or IP address
    ssl: {
      rejectUnauthorized: c.sslMode !== 'require',
      verifyIdentity: c.sslMode === 'verify-full',
      ...(c.sslCa ? { ca: c.sslCa } : {}),
    },
    ...(c.sslMode === 'verify-full' && isIP(c.host) !== 0 ? { stream: () => socketNamedFor(c.host, c.port) } : {}),
  });
}

export async function openMySqlSession(c: JdbcSinkConfig, policy: EgressPolicy): Promise<JdbcSession> {
  const conn = await connectMySql(c, policy);
  try {
    const [rows] = await conn.query('SELECT @@max_allowed_packet AS p, CONNECTION_ID() AS id');
    const row = (rows as { p: number | string; id: number }[])[0];
    await conn.query("SET SESSION time_zone = '+00:00'");
    const packet = Number(row.p) || 4 * 1024 * 1024;
    return new MySqlSession(conn, Number(row.id), c.database, Math.floor(packet * 0.8));
  } catch (e) {
    conn.destroy();
    throw e;
  }
}
