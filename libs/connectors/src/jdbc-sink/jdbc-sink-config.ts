// The JDBC sink's dialect-neutral configuration: the parsed shape every dialect writes with, the
// cross-property rules of Confluent's JdbcSinkConfig (with its wording), and the parsing that
// turns a validated property map into that shape. Each dialect brings its own ConfigDef (Confluent
// Cloud's templates differ in names such as the trust store key and in groups).
import { ConfigDef, ConfigException, Password, type Props } from '@libs/connect-spi';
import { egressPolicy, type EgressPolicy } from '../egress/egress-policy';

export const INSERT_MODES = ['INSERT', 'UPSERT', 'UPDATE'] as const;
export const PK_MODES = ['none', 'kafka', 'record_key', 'record_value'] as const;
export const SSL_MODES = ['prefer', 'require', 'verify-ca', 'verify-full'] as const;
export const INPUT_DATA_FORMATS = ['AVRO', 'JSON_SR', 'PROTOBUF'] as const;
export const INPUT_KEY_FORMATS = ['AVRO', 'JSON_SR', 'PROTOBUF', 'STRING'] as const;
export const TIMESTAMP_PRECISION_MODES = ['microseconds', 'nanoseconds'] as const;
export type TimestampPrecisionMode = (typeof TIMESTAMP_PRECISION_MODES)[number];

export type InsertMode = (typeof INSERT_MODES)[number];
export type PkMode = (typeof PK_MODES)[number];
export type SslMode = (typeof SSL_MODES)[number];

export interface JdbcSinkConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  sslMode: SslMode;
  /** PEM CA certificate(s) for verify-ca / verify-full. */
  sslCa?: string;
  topics: string[];
  topicsRegex?: string;
  inputDataFormat: string;
  inputKeyFormat?: string;
  insertMode: InsertMode;
  pkMode: PkMode;
  pkFields: string[];
  tableNameFormat: string;
  fieldsWhitelist: string[];
  autoCreate: boolean;
  autoEvolve: boolean;
  deleteEnabled: boolean;
  batchSize: number;
  quoteIdentifiers: boolean;
  dbTimezone: string;
  /** Zone DATE values are written in: db.timezone (Confluent's DB_TIMEZONE default) or UTC. */
  dateTimezone: string;
  timestampFields: Set<string>;
  /** Unit of the epoch numbers in timestamp.fields.list fields. */
  timestampPrecision: TimestampPrecisionMode;
  maxRetries: number;
  retryBackoffMs: number;
  connectorName: string;
}

/** What differs between the dialects' property sets. */
export interface JdbcConfigNames {
  /** The PEM CA property: ssl.truststorefile (MySqlSink), ssl.rootcertfile (PostgresSink). */
  trustStore: string;
  /** connector name used in record-shape errors when `name` is missing. */
  defaultName: string;
}

export const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function bool(v: string | undefined, d: boolean): boolean {
  if (v === undefined || v === '') return d;
  return v.trim().toLowerCase() === 'true';
}

/** Per-property errors of the cross-field rules (and value checks) with Confluent's names. */
export function jdbcSinkProblems(props: Props, names: JdbcConfigNames): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (p: string, m: string) => (errors[p] ??= []).push(m);
  const inv = (p: string, v: string, why: string) => add(p, `Invalid value ${v} for configuration ${p}: ${why}`);
  const get = (k: string) => (props[k] ?? '').trim();

  const insertMode = get('insert.mode') || 'INSERT';
  if (
    !INSERT_MODES.includes(insertMode.toUpperCase() as InsertMode) ||
    (insertMode !== insertMode.toUpperCase() && insertMode !== insertMode.toLowerCase())
  )
    inv('insert.mode', insertMode, `String must be one of: ${INSERT_MODES.join(', ')}`);
  const pkMode = (get('pk.mode') || 'none').toLowerCase();
  if (!PK_MODES.includes(pkMode as PkMode))
    inv('pk.mode', get('pk.mode'), `String must be one of: ${PK_MODES.join(', ')}`);
  const ssl = get('ssl.mode') || 'prefer';
  if (!SSL_MODES.includes(ssl as SslMode)) inv('ssl.mode', ssl, `String must be one of: ${SSL_MODES.join(', ')}`);
  const idf = get('input.data.format');
  if (idf === '') add('input.data.format', '"input.data.format" is required');
  else if (!INPUT_DATA_FORMATS.includes(idf as (typeof INPUT_DATA_FORMATS)[number]))
    inv('input.data.format', idf, `String must be one of: ${INPUT_DATA_FORMATS.join(', ')}`);
  const ikf = get('input.key.format');
  if (ikf !== '' && !INPUT_KEY_FORMATS.includes(ikf as (typeof INPUT_KEY_FORMATS)[number]))
    inv('input.key.format', ikf, `String must be one of: ${INPUT_KEY_FORMATS.join(', ')}`);
  const precision = get('timestamp.precision.mode') || 'microseconds';
  if (!TIMESTAMP_PRECISION_MODES.includes(precision as TimestampPrecisionMode))
    inv('timestamp.precision.mode', precision, `String must be one of: ${TIMESTAMP_PRECISION_MODES.join(', ')}`);
  const quote = (get('quote.sql.identifiers') || 'ALWAYS').toUpperCase();
  if (quote !== 'ALWAYS' && quote !== 'NEVER')
    inv('quote.sql.identifiers', get('quote.sql.identifiers'), 'String must be one of: ALWAYS, NEVER');
  for (const k of ['auto.create', 'auto.evolve', 'delete.enabled']) {
    const v = get(k);
    if (v !== '' && !/^(true|false)$/i.test(v)) inv(k, v, 'Expected value to be either true or false');
  }
  const topics = list(props.topics);
  const regex = get('topics.regex');
  if (topics.length === 0 && regex === '') add('topics', 'Must configure one of topics or topics.regex');
  if (topics.length > 0 && regex !== '') {
    add('topics', 'topics and topics.regex are mutually exclusive options, but both are set.');
    add('topics.regex', 'topics and topics.regex are mutually exclusive options, but both are set.');
  }
  if (regex !== '') {
    try {
      new RegExp(regex);
    } catch (e) {
      inv('topics.regex', regex, (e as Error).message);
    }
  }
  if (bool(props['delete.enabled'], false) && pkMode !== 'record_key')
    add('pk.mode', "Primary key mode must be 'record_key' when delete support is enabled");
  if (insertMode.toUpperCase() === 'UPSERT' && pkMode === 'none')
    add('pk.mode', 'Write in UPSERT mode requires key field names to be known, check the primary key configuration');
  const pkFields = list(props['pk.fields']);
  if (pkMode === 'kafka' && pkFields.length !== 0 && pkFields.length !== 3)
    add(
      'pk.fields',
      'PK mode for table is KAFKA so there should either be no field names defined for defaults __connect_topic, __connect_partition and __connect_offset to be applicable, or exactly 3, defined fields are: ' +
        pkFields.join(','),
    );
  const fmt = props['table.name.format'] ?? '${topic}';
  if (fmt.trim() === '') add('table.name.format', 'table.name.format must not be empty');
  const tz = get('db.timezone') || 'UTC';
  if (!validTimeZone(tz)) inv('db.timezone', tz, 'Invalid time zone identifier');
  const dateTz = get('date.timezone');
  if (dateTz !== '' && !['DB_TIMEZONE', 'UTC'].includes(dateTz.toUpperCase()))
    inv('date.timezone', dateTz, 'String must be one of: DB_TIMEZONE, UTC');
  const port = get('connection.port');
  if (port !== '' && (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535))
    inv('connection.port', port, 'Value must be a port number (1-65535)');
  const mode = ssl as SslMode;
  if ((mode === 'verify-ca' || mode === 'verify-full') && get(names.trustStore) === '')
    add(names.trustStore, `${names.trustStore} is required when ssl.mode is ${mode}`);
  return errors;
}

/** connection.host against the egress policy (resolves the name). */
export async function egressProblems(
  props: Props,
  policy: EgressPolicy = egressPolicy(),
): Promise<Record<string, string[]>> {
  const host = (props['connection.host'] ?? '').trim();
  if (!host) return {};
  // with the port, so the platform's own services (Postgres, Redis, …) are refused too
  const port = Number(props['connection.port']);
  const msg = await policy.validationError('connection.host', host, Number.isInteger(port) ? port : undefined);
  return msg ? { 'connection.host': [msg] } : {};
}

export function validTimeZone(tz: string): boolean {
  if (/^[+-]\d{2}:\d{2}$/.test(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The parsed config; throws ConfigException naming the first bad property. */
export function parseJdbcSinkConfig(props: Props, def: ConfigDef, names: JdbcConfigNames): JdbcSinkConfig {
  const parsed = def.parseWithErrors(props);
  const problems = { ...parsed.errors, ...jdbcSinkProblems(props, names) };
  const first = Object.entries(problems)[0];
  if (first) throw ConfigException.forKey(first[0], first[1][0]);
  const v = parsed.values;
  const secret = (x: unknown): string =>
    x instanceof Password ? x.value() : x === null || x === undefined ? '' : String(x);
  return {
    host: String(v['connection.host']).trim(),
    port: Number(v['connection.port']),
    user: String(v['connection.user']),
    password: secret(v['connection.password']),
    database: String(v['db.name']),
    sslMode: String(v['ssl.mode']) as SslMode,
    sslCa: secret(v[names.trustStore]) || undefined,
    topics: (v.topics as string[]) ?? [],
    topicsRegex: String(v['topics.regex'] ?? '') || undefined,
    inputDataFormat: String(v['input.data.format']),
    inputKeyFormat: String(v['input.key.format'] ?? '') || undefined,
    insertMode: String(v['insert.mode']).toUpperCase() as InsertMode,
    pkMode: String(v['pk.mode']).toLowerCase() as PkMode,
    pkFields: (v['pk.fields'] as string[]) ?? [],
    tableNameFormat: String(v['table.name.format']),
    fieldsWhitelist: (v['fields.whitelist'] as string[]) ?? [],
    autoCreate: bool(props['auto.create'], false),
    autoEvolve: bool(props['auto.evolve'], false),
    deleteEnabled: v['delete.enabled'] === true,
    batchSize: Math.max(1, Number(v['batch.sizes'])),
    quoteIdentifiers: String(v['quote.sql.identifiers']).toUpperCase() !== 'NEVER',
    dbTimezone: String(v['db.timezone'] || 'UTC'),
    dateTimezone: String(v['date.timezone']).toUpperCase() === 'UTC' ? 'UTC' : String(v['db.timezone'] || 'UTC'),
    timestampFields: new Set((v['timestamp.fields.list'] as string[]) ?? []),
    timestampPrecision: String(v['timestamp.precision.mode'] || 'microseconds') as TimestampPrecisionMode,
    maxRetries: Math.max(0, Number(v['max.retries'])),
    retryBackoffMs: Math.max(0, Number(v['retry.backoff.ms'])),
    connectorName: props.name ?? names.defaultName,
  };
}
