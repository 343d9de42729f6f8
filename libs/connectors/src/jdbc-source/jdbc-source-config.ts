// MySqlSource / PostgresSource configuration: Confluent Cloud's property names, defaults and groups
// (JDBC-SOURCE.md §2, the fully-managed templates), the cross-property rules of Confluent's
// JdbcSourceConnectorConfig (with its wording where it has one), and the parsed shape the task uses.
import { ConfigDef, ConfigException, Password, type Props } from '@libs/connect-spi';
import { defineRows, type ConfigRow } from '../common/config-rows';
import { SSL_MODES, list, validTimeZone, type JdbcSinkConfig, type SslMode } from '../jdbc-sink/jdbc-sink-config';

export type SourceFlavor = 'mysql' | 'postgres';
export const MODES = ['bulk', 'incrementing', 'timestamp', 'timestamp+incrementing'] as const;
export type Mode = (typeof MODES)[number];
export const NUMERIC_MAPPINGS = ['none', 'best_fit', 'best_fit_eager_double', 'precision_only'] as const;
export type NumericMapping = (typeof NUMERIC_MAPPINGS)[number];
export const TIMESTAMP_GRANULARITIES = [
  'CONNECT_LOGICAL',
  'MICROS_LONG',
  'MICROS_STRING',
  'MICROS_ISO_DATETIME_STRING',
  'NANOS_LONG',
  'NANOS_STRING',
  'NANOS_ISO_DATETIME_STRING',
] as const;
export type TimestampGranularity = (typeof TIMESTAMP_GRANULARITIES)[number];
export const ISOLATION_MODES = [
  'DEFAULT',
  'READ_UNCOMMITTED',
  'READ_COMMITTED',
  'REPEATABLE_READ',
  'SERIALIZABLE',
] as const;
export type IsolationMode = (typeof ISOLATION_MODES)[number];
export const OUTPUT_FORMATS = ['AVRO', 'JSON_SR', 'PROTOBUF', 'JSON'] as const;
export const OUTPUT_KEY_FORMATS = ['AVRO', 'JSON_SR', 'PROTOBUF', 'JSON', 'STRING'] as const;
export const TABLE_TYPES = ['TABLE', 'VIEW', 'ALIAS'] as const;

/** One `regex:column(s)` entry of incrementing.column.mapping / timestamp.columns.mapping. */
export interface ColumnMappingRule {
  regex: RegExp;
  columns: string[];
}

/** The connection fields are the JDBC sinks' (the same connection setup serves both). */
export interface JdbcSourceConfig extends Pick<
  JdbcSinkConfig,
  'host' | 'port' | 'user' | 'password' | 'database' | 'sslMode' | 'sslCa' | 'connectorName' | 'dbTimezone'
> {
  flavor: SourceFlavor;
  tableInclude: RegExp[];
  tableExclude: RegExp[];
  tableWhitelist: string[];
  tableBlacklist: string[];
  schemaPattern: string | null;
  tableTypes: string[];
  mode: Mode;
  incrementingColumn: string;
  incrementingMapping: ColumnMappingRule[];
  timestampColumns: string[];
  timestampMapping: ColumnMappingRule[];
  /** epoch ms; -1 = the database's current time; null = from the beginning. */
  timestampInitial: number | null;
  timestampDelayMs: number;
  timestampGranularity: TimestampGranularity;
  validateNonNull: boolean;
  query: string;
  querySuffix: string;
  topicPrefix: string;
  pollIntervalMs: number;
  batchMaxRows: number;
  numericMapping: NumericMapping;
  quoteIdentifiers: boolean;
  isolation: IsolationMode;
  tablePollIntervalMs: number;
  queryRetryAttempts: number;
}

const GROUP_CONN = 'How should we connect to your database?';
const GROUP_DB = 'Database details';
const GROUP_MODE = 'Mode';
const GROUP_OUT = 'Output messages';
const GROUP_CONNECTOR = 'Connector details';

const connectionRows = (flavor: SourceFlavor): ConfigRow[] => [
  [
    'connection.host',
    'STRING',
    undefined,
    GROUP_CONN,
    1,
    'Database hostname',
    'Database host (egress policy applies).',
  ],
  ['connection.port', 'INT', undefined, GROUP_CONN, 2, 'Database port', 'Database port.'],
  ['connection.user', 'STRING', undefined, GROUP_CONN, 3, 'Database username', 'Database user.'],
  ['connection.password', 'PASSWORD', undefined, GROUP_CONN, 4, 'Database password', 'Database password.'],
  ['db.name', 'STRING', undefined, GROUP_CONN, 5, 'Database name', 'Database to read.'],
  ['ssl.mode', 'STRING', 'prefer', GROUP_CONN, 6, 'SSL mode', `TLS: ${SSL_MODES.join(', ')}.`],
  ...((flavor === 'mysql'
    ? [
        ['ssl.truststorefile', 'PASSWORD', '', GROUP_CONN, 7, 'Trust store', 'CA certificate(s), PEM text.'],
        ['ssl.truststorepassword', 'PASSWORD', '', GROUP_CONN, 8, 'Trust store password', 'Unused (PEM).'],
      ]
    : [
        ['ssl.rootcertfile', 'PASSWORD', '', GROUP_CONN, 7, 'Root certificate', 'CA certificate(s), PEM text.'],
      ]) as ConfigRow[]),
];

const ROWS: ConfigRow[] = [
  [
    'table.include.list',
    'LIST',
    '',
    GROUP_DB,
    1,
    'Include tables',
    'Regexes matching whole fully-qualified table names.',
  ],
  ['table.exclude.list', 'LIST', '', GROUP_DB, 2, 'Exclude tables', 'Regexes of fully-qualified names to leave out.'],
  ['table.whitelist', 'LIST', '', GROUP_DB, 3, 'Table whitelist', 'Deprecated: table names to read.'],
  ['table.blacklist', 'LIST', '', GROUP_DB, 4, 'Table blacklist', 'Deprecated: table names not to read.'],
  ['schema.pattern', 'STRING', null, GROUP_DB, 5, 'Schema pattern', 'Schemas to list tables from (LIKE pattern).'],
  ['table.types', 'LIST', 'TABLE', GROUP_DB, 6, 'Table types', 'TABLE, VIEW (ALIAS accepted, none exist).'],
  ['db.timezone', 'STRING', 'UTC', GROUP_DB, 7, 'DB time zone', 'Zone of zone-less date-time values.'],
  ['numeric.mapping', 'STRING', 'none', GROUP_DB, 8, 'Numeric mapping', NUMERIC_MAPPINGS.join(', ') + '.'],
  ['date.calendar.system', 'STRING', 'LEGACY', GROUP_DB, 9, 'Calendar', 'LEGACY or PROLEPTIC_GREGORIAN.'],
  ['quote.sql.identifiers', 'STRING', 'ALWAYS', GROUP_DB, 10, 'Quote identifiers', 'ALWAYS or NEVER.'],
  ['transaction.isolation.mode', 'STRING', 'DEFAULT', GROUP_DB, 11, 'Isolation', ISOLATION_MODES.join(', ') + '.'],
  ['mode', 'STRING', '', GROUP_MODE, 1, 'Table loading mode', MODES.join(', ') + ' (empty: inferred).'],
  ['incrementing.column.name', 'STRING', '', GROUP_MODE, 2, 'Incrementing column', 'Strictly increasing column.'],
  ['incrementing.column.mapping', 'LIST', '', GROUP_MODE, 3, 'Incrementing columns', 'regex:column per table.'],
  ['timestamp.column.name', 'LIST', '', GROUP_MODE, 4, 'Timestamp columns', 'Columns COALESCEd in this order.'],
  ['timestamp.columns.mapping', 'LIST', '', GROUP_MODE, 5, 'Timestamp columns', 'regex:[c1|c2] per table.'],
  ['timestamp.initial', 'LONG', null, GROUP_MODE, 6, 'Initial timestamp', 'Epoch ms to start at; -1 = now.'],
  ['timestamp.delay.interval.ms', 'LONG', 0, GROUP_MODE, 7, 'Delay', 'Rows are read once this old.'],
  ['timestamp.granularity', 'STRING', 'CONNECT_LOGICAL', GROUP_MODE, 8, 'Granularity', 'Timestamp output form.'],
  ['validate.non.null', 'BOOLEAN', false, GROUP_MODE, 9, 'Validate non-null', 'Refuse nullable mode columns.'],
  ['query', 'PASSWORD', '', GROUP_MODE, 10, 'Query', 'Custom SELECT (query mode: one task, one topic).'],
  ['query.suffix', 'STRING', '', GROUP_MODE, 11, 'Query suffix', 'Appended after the generated clause.'],
  ['topic.prefix', 'STRING', undefined, GROUP_OUT, 1, 'Topic prefix', 'Table mode: prefix + table; query: prefix.'],
  ['output.data.format', 'STRING', 'JSON', GROUP_OUT, 2, 'Output format', OUTPUT_FORMATS.join(', ') + '.'],
  ['output.key.format', 'STRING', null, GROUP_OUT, 3, 'Key format', 'Keys are null unless an SMT sets one.'],
  ['poll.interval.ms', 'INT', 5000, GROUP_CONNECTOR, 1, 'Poll interval', 'Minimum gap between queries of a table.'],
  ['batch.max.rows', 'INT', 100, GROUP_CONNECTOR, 2, 'Max rows per batch', 'Fetch size and rows per poll.'],
  ['table.poll.interval.ms', 'LONG', 60000, GROUP_CONNECTOR, 3, 'Table poll interval', 'Table re-discovery.'],
  ['query.retry.attempts', 'INT', 10, GROUP_CONNECTOR, 4, 'Query retries', 'Failed queries retried.'],
  ['tasks.max', 'INT', 1, GROUP_CONNECTOR, 5, 'Tasks', 'Tables are spread over the tasks.'],
  ['schema.context.name', 'STRING', 'default', GROUP_CONNECTOR, 6, 'Schema context', 'Schema Registry context.'],
];

export function jdbcSourceConfigDef(flavor: SourceFlavor): ConfigDef {
  return defineRows(new ConfigDef(), [...connectionRows(flavor), ...ROWS]);
}

export const trustStoreProperty = (flavor: SourceFlavor): string =>
  flavor === 'mysql' ? 'ssl.truststorefile' : 'ssl.rootcertfile';

/** The mode as configured, or inferred from the column properties when empty (CC's "infer"). */
export function effectiveMode(props: Props): string {
  const mode = (props.mode ?? '').trim();
  if (mode !== '') return mode;
  const inc = (props['incrementing.column.name'] ?? '').trim() || (props['incrementing.column.mapping'] ?? '').trim();
  const ts = (props['timestamp.column.name'] ?? '').trim() || (props['timestamp.columns.mapping'] ?? '').trim();
  return inc && ts ? 'timestamp+incrementing' : ts ? 'timestamp' : inc ? 'incrementing' : 'bulk';
}

/** `regex:col` / `regex:[c1|c2]` entries; throws Error naming the bad entry. */
export function parseColumnMapping(entries: string[], multi: boolean): ColumnMappingRule[] {
  return entries.map((e) => {
    const at = e.lastIndexOf(':');
    if (at <= 0 || at === e.length - 1)
      throw new Error(`${e} is not of the form regex:${multi ? '[c1|c2]' : 'column'}`);
    const raw = e.slice(at + 1).trim();
    const columns = multi
      ? raw
          .replace(/^\[/, '')
          .replace(/\]$/, '')
          .split('|')
          .map((c) => c.trim())
      : [raw];
    return { regex: new RegExp(`^(?:${e.slice(0, at)})$`), columns: columns.filter(Boolean) };
  });
}

function regexes(entries: string[]): RegExp[] {
  return entries.map((e) => new RegExp(`^(?:${e})$`));
}

/** Per-property errors of the cross-property rules and value checks. */
export function jdbcSourceProblems(props: Props, flavor: SourceFlavor): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (p: string, m: string) => (errors[p] ??= []).push(m);
  const inv = (p: string, v: string, why: string) => add(p, `Invalid value ${v} for configuration ${p}: ${why}`);
  const get = (k: string) => (props[k] ?? '').trim();
  const oneOf = (k: string, allowed: readonly string[], def: string, upper = false) => {
    const raw = get(k) || def;
    const v = upper ? raw.toUpperCase() : raw;
    if (!allowed.includes(v)) inv(k, raw, `String must be one of: ${allowed.join(', ')}`);
  };
  oneOf('ssl.mode', SSL_MODES, 'prefer');
  oneOf('numeric.mapping', NUMERIC_MAPPINGS, 'none');
  oneOf('timestamp.granularity', TIMESTAMP_GRANULARITIES, 'CONNECT_LOGICAL');
  oneOf('quote.sql.identifiers', ['ALWAYS', 'NEVER'], 'ALWAYS', true);
  oneOf('transaction.isolation.mode', ISOLATION_MODES, 'DEFAULT');
  oneOf('date.calendar.system', ['LEGACY', 'PROLEPTIC_GREGORIAN'], 'LEGACY');
  oneOf('output.data.format', OUTPUT_FORMATS, 'JSON');
  if (get('output.key.format') !== '') oneOf('output.key.format', OUTPUT_KEY_FORMATS, '');
  for (const t of list(props['table.types']))
    if (!TABLE_TYPES.includes(t.toUpperCase() as (typeof TABLE_TYPES)[number]))
      inv('table.types', t, `Table type must be one of: ${TABLE_TYPES.join(', ')}`);

  const mode = effectiveMode(props);
  if (!MODES.includes(mode as Mode)) inv('mode', mode, `String must be one of: ${MODES.join(', ')}`);
  const tsCols = list(props['timestamp.column.name']);
  const tsMapping = list(props['timestamp.columns.mapping']);
  const incMapping = list(props['incrementing.column.mapping']);
  if ((mode === 'timestamp' || mode === 'timestamp+incrementing') && tsCols.length === 0 && tsMapping.length === 0)
    add('timestamp.column.name', `Timestamp column name must be set when mode is ${mode}`);
  if (tsCols.length > 0 && tsMapping.length > 0)
    add('timestamp.columns.mapping', 'Cannot set both timestamp.column.name and timestamp.columns.mapping');
  if (get('incrementing.column.name') !== '' && incMapping.length > 0)
    add('incrementing.column.mapping', 'Cannot set both incrementing.column.name and incrementing.column.mapping');
  for (const [k, multi] of [
    ['incrementing.column.mapping', false],
    ['timestamp.columns.mapping', true],
  ] as const) {
    try {
      parseColumnMapping(list(props[k]), multi);
    } catch (e) {
      inv(k, get(k), (e as Error).message);
    }
  }

  const include = list(props['table.include.list']);
  const exclude = list(props['table.exclude.list']);
  const white = list(props['table.whitelist']);
  const black = list(props['table.blacklist']);
  for (const k of ['table.include.list', 'table.exclude.list']) {
    try {
      regexes(list(props[k]));
    } catch (e) {
      inv(k, get(k), (e as Error).message);
    }
  }
  if ((include.length > 0 || exclude.length > 0) && (white.length > 0 || black.length > 0))
    for (const k of ['table.include.list', 'table.whitelist'])
      add(k, 'table.include.list / table.exclude.list cannot be combined with table.whitelist / table.blacklist');
  if (white.length > 0 && black.length > 0)
    add('table.blacklist', 'table.whitelist and table.blacklist are mutually exclusive options');
  const query = get('query');
  if (query !== '') {
    if (include.length > 0 || white.length > 0 || exclude.length > 0 || black.length > 0)
      add('query', 'Do not specify table filtering parameters (table.include.list, table.whitelist) with query');
    if (tsMapping.length > 0 || incMapping.length > 0)
      add('query', 'In query mode set timestamp.column.name / incrementing.column.name, not the per-table mappings');
  } else if (get('query.suffix') !== '') add('query.suffix', 'query.suffix applies to query mode only (set query)');

  const tz = get('db.timezone') || 'UTC';
  if (!validTimeZone(tz)) inv('db.timezone', tz, 'Invalid time zone identifier');
  const port = get('connection.port');
  if (port !== '' && (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535))
    inv('connection.port', port, 'Value must be a port number (1-65535)');
  const atLeast = (k: string, min: number) => {
    const v = get(k);
    if (v !== '' && (!/^-?\d+$/.test(v) || Number(v) < min)) inv(k, v, `Value must be at least ${min}`);
  };
  atLeast('batch.max.rows', 1);
  atLeast('poll.interval.ms', 1);
  atLeast('timestamp.delay.interval.ms', 0);
  atLeast('table.poll.interval.ms', 1);
  atLeast('query.retry.attempts', 0);
  atLeast('timestamp.initial', -1);
  const prefix = get('topic.prefix');
  if (prefix !== '' && !/^[a-zA-Z0-9._-]+$/.test(prefix))
    inv('topic.prefix', prefix, 'Topic names may contain only ASCII letters, digits, ".", "_" and "-"');
  const ssl = get('ssl.mode') || 'prefer';
  const trust = trustStoreProperty(flavor);
  if ((ssl === 'verify-ca' || ssl === 'verify-full') && get(trust) === '')
    add(trust, `${trust} is required when ssl.mode is ${ssl}`);
  return errors;
}

/** The parsed config; throws ConfigException naming the first bad property. */
export function parseJdbcSourceConfig(props: Props, flavor: SourceFlavor): JdbcSourceConfig {
  const parsed = jdbcSourceConfigDef(flavor).parseWithErrors(props);
  const problems = { ...parsed.errors, ...jdbcSourceProblems(props, flavor) };
  const first = Object.entries(problems)[0];
  if (first) throw ConfigException.forKey(first[0], first[1][0]!);
  const v = parsed.values;
  const secret = (x: unknown): string =>
    x instanceof Password ? x.value() : x === null || x === undefined ? '' : String(x);
  const str = (k: string) => String(v[k] ?? '').trim();
  const initial = v['timestamp.initial'];
  return {
    flavor,
    host: str('connection.host'),
    port: Number(v['connection.port']),
    user: String(v['connection.user']),
    password: secret(v['connection.password']),
    database: String(v['db.name']),
    sslMode: str('ssl.mode') as SslMode,
    sslCa: secret(v[trustStoreProperty(flavor)]) || undefined,
    connectorName: props.name ?? (flavor === 'mysql' ? 'MySqlSource' : 'PostgresSource'),
    tableInclude: regexes(list(props['table.include.list'])),
    tableExclude: regexes(list(props['table.exclude.list'])),
    tableWhitelist: list(props['table.whitelist']),
    tableBlacklist: list(props['table.blacklist']),
    schemaPattern: str('schema.pattern') || null,
    tableTypes: (v['table.types'] as string[]).map((t) => t.toUpperCase()),
    mode: effectiveMode(props) as Mode,
    incrementingColumn: str('incrementing.column.name'),
    incrementingMapping: parseColumnMapping(list(props['incrementing.column.mapping']), false),
    timestampColumns: list(props['timestamp.column.name']),
    timestampMapping: parseColumnMapping(list(props['timestamp.columns.mapping']), true),
    timestampInitial: initial === null || initial === undefined ? null : Number(initial),
    timestampDelayMs: Number(v['timestamp.delay.interval.ms']),
    timestampGranularity: str('timestamp.granularity') as TimestampGranularity,
    validateNonNull: v['validate.non.null'] === true,
    query: secret(v.query).trim(),
    querySuffix: str('query.suffix'),
    topicPrefix: str('topic.prefix'),
    pollIntervalMs: Number(v['poll.interval.ms']),
    batchMaxRows: Number(v['batch.max.rows']),
    numericMapping: str('numeric.mapping') as NumericMapping,
    dbTimezone: str('db.timezone') || 'UTC',
    quoteIdentifiers: str('quote.sql.identifiers').toUpperCase() !== 'NEVER',
    isolation: str('transaction.isolation.mode') as IsolationMode,
    tablePollIntervalMs: Number(v['table.poll.interval.ms']),
    queryRetryAttempts: Number(v['query.retry.attempts']),
  };
}
