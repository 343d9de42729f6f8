// Connections to the captured server: egress-checked database.hostname, database.ssl.mode, a UTC
// session (TIMESTAMP values read as UTC) and the text forms the type mapping expects (dateStrings,
// big numbers and decimals as strings).
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';
import { ConnectException } from '@libs/connect-spi';
import { egressPolicy, type EgressPolicy } from '../egress/egress-policy';
import type { MySqlCdcConfig } from './mysql-cdc-config';

export interface ResolvedEndpoint {
  host: string;
  port: number;
}

/** database.hostname through the egress policy: the address to connect to, or a ConnectException. */
export async function resolveEndpoint(
  c: MySqlCdcConfig,
  policy: EgressPolicy = egressPolicy(),
): Promise<ResolvedEndpoint> {
  const d = await policy.check(c.hostname, c.port);
  if (!d.allowed)
    throw new ConnectException(`Invalid value ${c.hostname} for configuration database.hostname: ${d.reason}`);
  return { host: d.addresses[0]!, port: c.port };
}

export function connectionOptions(c: MySqlCdcConfig, ep: ResolvedEndpoint): ConnectionOptions {
  const tls = c.sslMode !== 'disable' && c.sslMode !== 'disabled' && c.sslMode !== 'preferred';
  return {
    host: ep.host,
    port: ep.port,
    user: c.user,
    password: c.password,
    charset: 'utf8mb4',
    connectTimeout: c.connectTimeoutMs,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    jsonStrings: true,
    timezone: 'Z',
    ...(tls
      ? {
          ssl: {
            rejectUnauthorized: !['trust', 'required'].includes(c.sslMode),
            verifyIdentity: ['verify-full', 'verify_identity'].includes(c.sslMode),
          },
        }
      : {}),
  };
}

export async function openConnection(c: MySqlCdcConfig, ep: ResolvedEndpoint): Promise<Connection> {
  const conn = await createConnection(connectionOptions(c, ep));
  await conn.query("SET time_zone = '+00:00'");
  return conn;
}
