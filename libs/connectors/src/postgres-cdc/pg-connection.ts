// Connections to the captured server: database.hostname through the egress policy, database.sslmode,
// and a session whose text output the type mapping expects (UTC, ISO dates, ISO-8601 intervals,
// hex bytea, shortest-exact floats). Every value is read as text: the mapping converts it.
import { Client, type ClientConfig } from 'pg';
import { ConnectException } from '@libs/connect-spi';
import { egressPolicy, type EgressPolicy } from '../egress/egress-policy';
import type { PostgresCdcConfig } from './postgres-cdc-config';

export interface PgEndpoint {
  host: string;
  port: number;
}

const SESSION_OPTIONS =
  '-c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=iso_8601 -c bytea_output=hex -c extra_float_digits=3';

const TEXT_TYPES = { getTypeParser: () => (v: string) => v } as unknown as ClientConfig['types'];

export async function resolvePgEndpoint(
  c: PostgresCdcConfig,
  policy: EgressPolicy = egressPolicy(),
): Promise<PgEndpoint> {
  const d = await policy.check(c.hostname, c.port);
  if (!d.allowed)
    throw new ConnectException(`Invalid value ${c.hostname} for configuration database.hostname: ${d.reason}`);
  return { host: d.addresses[0]!, port: c.port };
}

export function pgClientConfig(c: PostgresCdcConfig, ep: PgEndpoint): ClientConfig {
  const ssl =
    c.sslMode === 'disable' || c.sslMode === 'prefer'
      ? undefined
      : {
          rejectUnauthorized: c.sslMode !== 'require',
          ...(c.sslMode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
        };
  return {
    host: ep.host,
    port: ep.port,
    user: c.user,
    password: c.password,
    database: c.dbname,
    connectionTimeoutMillis: c.connectTimeoutMs,
    options: SESSION_OPTIONS,
    application_name: `connectplane-cdc-${c.slotName}`,
    ...(ssl ? { ssl } : {}),
  };
}

/** A plain (SQL) connection returning every value as text. */
export async function openPgClient(c: PostgresCdcConfig, ep: PgEndpoint): Promise<Client> {
  const client = new Client({ ...pgClientConfig(c, ep), types: TEXT_TYPES });
  client.on('error', () => undefined); // surfaced by the next query
  await client.connect();
  return client;
}

/** A walsender connection (replication=database) for CREATE_REPLICATION_SLOT / DROP_REPLICATION_SLOT. */
export async function openReplicationClient(c: PostgresCdcConfig, ep: PgEndpoint): Promise<Client> {
  const client = new Client({ ...pgClientConfig(c, ep), replication: 'database', types: TEXT_TYPES } as ClientConfig);
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export function quoteIdent(id: string): string {
  return '"' + id.replace(/"/g, '""') + '"';
}
