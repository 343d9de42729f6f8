// MySqlCdcSourceV2 / MariaDbCdcSource configuration: Confluent Cloud's property names, defaults and
// allowed values (CDC.md §2.1–2.2, the fully-managed templates), parsed into one typed object, and
// the cross-property rules validate reports per property.
import { ConfigDef, type Props } from '@libs/connect-spi';
import {
  CDC_GROUP,
  cdcDefiner,
  checkCommonCdcProps,
  defineCdcBinaryHandling,
  defineCdcEventShape,
  defineCdcPolling,
  defineCdcSkippedOpsAndNames,
  parseCdcValues,
  type CommonCdcConfig,
} from '../debezium';

export type CdcFlavor = 'mysql' | 'mariadb';
export type SnapshotMode = 'initial' | 'initial_only' | 'when_needed' | 'never' | 'no_data' | 'recovery';
export type DecimalHandlingMode = 'precise' | 'double' | 'string';
export type TimePrecisionMode = 'adaptive_time_microseconds' | 'connect';
export type BinaryHandlingMode = 'bytes' | 'base64' | 'base64-url-safe' | 'hex';
export type FailureMode = 'fail' | 'warn' | 'skip';

const MYSQL_SNAPSHOT_MODES = [
  'initial',
  'initial_only',
  'when_needed',
  'never',
  'schema_only',
  'no_data',
  'schema_only_recovery',
  'recovery',
];
const MARIADB_SNAPSHOT_MODES = ['initial', 'initial_only', 'when_needed', 'no_data', 'recovery'];
const OUTPUT_FORMATS: Record<CdcFlavor, string[]> = {
  mysql: ['AVRO', 'JSON_SR', 'PROTOBUF', 'JSON'],
  mariadb: ['AVRO', 'JSON_SR', 'PROTOBUF'],
};
const KEY_FORMATS = ['AVRO', 'JSON_SR', 'PROTOBUF', 'JSON', 'STRING'];

/** The shared CDC properties (CommonCdcConfig), then MySQL/MariaDB's own. */
export interface MySqlCdcConfig extends CommonCdcConfig {
  flavor: CdcFlavor;
  databaseInclude?: string;
  databaseExclude?: string;
  snapshotMode: SnapshotMode;
  snapshotLockingMode: 'minimal' | 'extended' | 'none' | 'minimal_percona';
  snapshotLockTimeoutMs: number;
  decimalHandlingMode: DecimalHandlingMode;
  timePrecisionMode: TimePrecisionMode;
  binaryHandlingMode: BinaryHandlingMode;
  bigintUnsignedHandlingMode: 'long' | 'precise';
  serverId: number;
  tableIgnoreBuiltin: boolean;
  eventProcessingFailure: FailureMode;
  sslMode: string;
}

const GROUP_CONN = CDC_GROUP.connection;
const GROUP_DB = CDC_GROUP.database;
const GROUP_OUT = CDC_GROUP.output;
const GROUP_CONNECTOR = CDC_GROUP.connector;

export function mySqlCdcConfigDef(flavor: CdcFlavor): ConfigDef {
  const d = new ConfigDef();
  const def = cdcDefiner(d);
  def('database.hostname', 'STRING', undefined, 'Database host (subject to the egress policy).', GROUP_CONN);
  def('database.port', 'INT', undefined, 'Database port.', GROUP_CONN);
  def('database.user', 'STRING', undefined, 'User with the CDC grants (docs/connectors.md).', GROUP_CONN);
  def(
    'database.password',
    'PASSWORD',
    flavor === 'mariadb' ? undefined : null,
    'Password of database.user.',
    GROUP_CONN,
  );
  def(
    'database.ssl.mode',
    'STRING',
    flavor === 'mariadb' ? 'disable' : 'preferred',
    'TLS to the database.',
    GROUP_CONN,
    flavor === 'mariadb'
      ? ['disable', 'trust', 'verify-ca', 'verify-full']
      : ['disabled', 'preferred', 'required', 'verify_ca', 'verify_identity'],
  );
  def(
    'connect.timeout.ms',
    flavor === 'mariadb' ? 'INT' : 'LONG',
    flavor === 'mariadb' ? 5000 : 30000,
    'Connect timeout.',
    GROUP_CONN,
  );
  def('topic.prefix', 'STRING', undefined, 'Logical server name: first part of every topic and schema name.', GROUP_DB);
  def('database.include.list', 'LIST', '', 'Anchored regexes of databases to capture.', GROUP_DB);
  def('database.exclude.list', 'LIST', '', 'Anchored regexes of databases not to capture.', GROUP_DB);
  def('table.include.list', 'LIST', '', 'Anchored regexes of db.table ids to capture.', GROUP_DB);
  def('table.exclude.list', 'LIST', '', 'Anchored regexes of db.table ids not to capture.', GROUP_DB);
  def('column.include.list', 'LIST', '', 'Anchored regexes of db.table.column ids to include.', GROUP_DB);
  def('column.exclude.list', 'LIST', '', 'Anchored regexes of db.table.column ids to leave out.', GROUP_DB);
  def('table.ignore.builtin', 'BOOLEAN', true, 'Skip mysql, sys, information_schema, performance_schema.', GROUP_DB);
  def(
    'snapshot.mode',
    'STRING',
    'initial',
    'initial, initial_only, when_needed, never, no_data, recovery.',
    GROUP_DB,
    flavor === 'mariadb' ? MARIADB_SNAPSHOT_MODES : MYSQL_SNAPSHOT_MODES,
  );
  def(
    'snapshot.locking.mode',
    'STRING',
    'minimal',
    'Global read lock while the snapshot reads the table structures (minimal) or all rows (extended).',
    GROUP_DB,
    flavor === 'mariadb' ? ['minimal', 'extended', 'none'] : ['minimal', 'minimal_percona', 'extended', 'none'],
  );
  def('snapshot.lock.timeout.ms', 'LONG', 10000, 'Max wait for the snapshot lock.', GROUP_DB);
  defineCdcEventShape(def);
  def(
    'time.precision.mode',
    'STRING',
    'adaptive_time_microseconds',
    'adaptive_time_microseconds or connect.',
    GROUP_OUT,
    ['adaptive_time_microseconds', 'connect'],
  );
  defineCdcBinaryHandling(def);
  def('bigint.unsigned.handling.mode', 'STRING', 'long', 'long or precise.', GROUP_OUT, ['long', 'precise']);
  defineCdcSkippedOpsAndNames(def);
  def('field.name.adjustment.mode', 'STRING', 'none', 'none, avro or avro_unicode.', GROUP_OUT, [
    'none',
    'avro',
    'avro_unicode',
  ]);
  def(
    'output.data.format',
    'STRING',
    flavor === 'mariadb' ? 'AVRO' : 'JSON',
    'Value format.',
    GROUP_OUT,
    OUTPUT_FORMATS[flavor],
  );
  def('output.key.format', 'STRING', 'JSON', 'Key format.', GROUP_OUT, KEY_FORMATS);
  defineCdcPolling(def);
  def('event.processing.failure.handling.mode', 'STRING', 'fail', 'fail, warn or skip.', GROUP_CONNECTOR, [
    'fail',
    'warn',
    'skip',
  ]);
  def('tasks.max', 'INT', 1, 'Always one task (one ordered binlog).', GROUP_CONNECTOR);
  def('schema.context.name', 'STRING', 'default', 'Schema Registry context.', GROUP_CONNECTOR);
  return d;
}

/** Cross-property problems (property → messages), beyond what the ConfigDef checks. */
export function mySqlCdcProblems(props: Props): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (k: string, m: string) => (errors[k] ??= []).push(m);
  checkCommonCdcProps(props, add, { container: 'database', stream: 'binlog' });
  return errors;
}

/** A stable replica server id per connector (Confluent pins one derived from the connector). */
export function serverIdFor(seed: string): number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return 5400 + ((h >>> 0) % 1_000_000_000);
}

export function parseMySqlCdcConfig(props: Props, flavor: CdcFlavor): MySqlCdcConfig {
  const { values, common } = parseCdcValues(mySqlCdcConfigDef(flavor), props, mySqlCdcProblems(props));
  const { v, s, list } = values;
  let mode = s('snapshot.mode') as string;
  if (mode === 'schema_only') mode = 'no_data';
  if (mode === 'schema_only_recovery') mode = 'recovery';
  return {
    ...common,
    flavor,
    databaseInclude: list('database.include.list'),
    databaseExclude: list('database.exclude.list'),
    snapshotMode: mode as SnapshotMode,
    snapshotLockingMode: s('snapshot.locking.mode') as MySqlCdcConfig['snapshotLockingMode'],
    snapshotLockTimeoutMs: Number(v['snapshot.lock.timeout.ms']),
    decimalHandlingMode: s('decimal.handling.mode') as DecimalHandlingMode,
    timePrecisionMode: s('time.precision.mode') as TimePrecisionMode,
    binaryHandlingMode: s('binary.handling.mode') as BinaryHandlingMode,
    bigintUnsignedHandlingMode: s('bigint.unsigned.handling.mode') as 'long' | 'precise',
    serverId: serverIdFor(`${props['name'] ?? ''}/${s('topic.prefix')}`),
    tableIgnoreBuiltin: v['table.ignore.builtin'] !== false,
    eventProcessingFailure: s('event.processing.failure.handling.mode') as FailureMode,
    sslMode: s('database.ssl.mode'),
  };
}
