// PostgresCdcSourceV2 configuration: Confluent Cloud's property names, defaults and allowed values
// (CDC.md §2.1 + §2.3), parsed into one typed object, plus the cross-property rules validate
// reports per property.
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

export type PgSnapshotMode = 'initial' | 'initial_only' | 'when_needed' | 'no_data';
export type PgDecimalMode = 'precise' | 'double' | 'string';
export type PgTimePrecisionMode = 'adaptive' | 'adaptive_time_microseconds' | 'connect';
export type PgBinaryMode = 'bytes' | 'base64' | 'base64-url-safe' | 'hex';
export type PublicationAutocreateMode = 'all_tables' | 'filtered' | 'disabled';

/** The shared CDC properties (CommonCdcConfig), then PostgreSQL's own. */
export interface PostgresCdcConfig extends CommonCdcConfig {
  dbname: string;
  sslMode: string;
  slotName: string;
  publicationName: string;
  publicationAutocreateMode: PublicationAutocreateMode;
  schemaInclude?: string;
  schemaExclude?: string;
  snapshotMode: PgSnapshotMode;
  decimalHandlingMode: PgDecimalMode;
  timePrecisionMode: PgTimePrecisionMode;
  binaryHandlingMode: PgBinaryMode;
  intervalHandlingMode: 'numeric' | 'string';
  moneyFractionDigits: number;
  unavailableValuePlaceholder: string;
  statusUpdateIntervalMs: number;
}

const GROUP_CONN = CDC_GROUP.connection;
const GROUP_DB = CDC_GROUP.database;
const GROUP_OUT = CDC_GROUP.output;
const GROUP_CONNECTOR = CDC_GROUP.connector;

let cached: ConfigDef | null = null;

export function postgresCdcConfigDef(): ConfigDef {
  if (cached) return cached;
  const d = new ConfigDef();
  const def = cdcDefiner(d);
  def('database.hostname', 'STRING', undefined, 'Database host (subject to the egress policy).', GROUP_CONN);
  def('database.port', 'INT', 5432, 'Database port.', GROUP_CONN);
  def('database.user', 'STRING', undefined, 'Role with REPLICATION LOGIN and SELECT (docs/connectors.md).', GROUP_CONN);
  def('database.password', 'PASSWORD', null, 'Password of database.user.', GROUP_CONN);
  def('database.dbname', 'STRING', undefined, 'The one database this connector captures.', GROUP_CONN);
  def('database.sslmode', 'STRING', 'prefer', 'TLS to the database.', GROUP_CONN, [
    'disable',
    'prefer',
    'require',
    'verify-ca',
    'verify-full',
  ]);
  def('connect.timeout.ms', 'LONG', 30000, 'Connect timeout.', GROUP_CONN);
  def('topic.prefix', 'STRING', undefined, 'Logical server name: first part of every topic and schema name.', GROUP_DB);
  def('slot.name', 'STRING', 'debezium', 'Logical replication slot (lowercase letters, digits, _).', GROUP_DB);
  def('publication.name', 'STRING', 'dbz_publication', 'pgoutput publication.', GROUP_DB);
  def(
    'publication.autocreate.mode',
    'STRING',
    'all_tables',
    'all_tables, filtered (FOR TABLE the captured tables) or disabled (must exist).',
    GROUP_DB,
    ['all_tables', 'filtered', 'disabled'],
  );
  def('schema.include.list', 'LIST', '', 'Anchored regexes of schemas to capture.', GROUP_DB);
  def('schema.exclude.list', 'LIST', '', 'Anchored regexes of schemas not to capture.', GROUP_DB);
  def('table.include.list', 'LIST', '', 'Anchored regexes of schema.table ids to capture.', GROUP_DB);
  def('table.exclude.list', 'LIST', '', 'Anchored regexes of schema.table ids not to capture.', GROUP_DB);
  def('column.include.list', 'LIST', '', 'Anchored regexes of schema.table.column ids to include.', GROUP_DB);
  def('column.exclude.list', 'LIST', '', 'Anchored regexes of schema.table.column ids to leave out.', GROUP_DB);
  def(
    'snapshot.mode',
    'STRING',
    'initial',
    'initial, never (= no_data), no_data, initial_only, when_needed.',
    GROUP_DB,
    ['initial', 'never', 'no_data', 'initial_only', 'when_needed'],
  );
  defineCdcEventShape(def);
  def('time.precision.mode', 'STRING', 'adaptive', 'adaptive, adaptive_time_microseconds or connect.', GROUP_OUT, [
    'adaptive',
    'adaptive_time_microseconds',
    'connect',
  ]);
  defineCdcBinaryHandling(def);
  def('interval.handling.mode', 'STRING', 'numeric', 'numeric (µs) or string (ISO-8601).', GROUP_OUT, [
    'numeric',
    'string',
  ]);
  def('money.fraction.digits', 'INT', 2, 'Scale of MONEY as a Decimal.', GROUP_OUT);
  def(
    'unavailable.value.placeholder',
    'STRING',
    '__debezium_unavailable_value',
    'Value of an unchanged TOASTed column.',
    GROUP_OUT,
  );
  defineCdcSkippedOpsAndNames(def);
  def('output.data.format', 'STRING', 'JSON', 'Value format.', GROUP_OUT, ['AVRO', 'JSON_SR', 'PROTOBUF', 'JSON']);
  def('output.key.format', 'STRING', 'JSON', 'Key format.', GROUP_OUT, [
    'AVRO',
    'JSON_SR',
    'PROTOBUF',
    'JSON',
    'STRING',
  ]);
  defineCdcPolling(def);
  def('status.update.interval.ms', 'INT', 10000, 'Standby status (flushed LSN) period.', GROUP_CONNECTOR);
  def('tasks.max', 'INT', 1, 'Always one task (one replication slot).', GROUP_CONNECTOR);
  cached = d;
  return d;
}

/** Cross-property problems (property → messages), beyond what the ConfigDef checks. */
export function postgresCdcProblems(props: Props): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (k: string, m: string) => (errors[k] ??= []).push(m);
  checkCommonCdcProps(props, add, { container: 'schema', stream: 'slot' });
  const slot = props['slot.name'];
  if (slot !== undefined && !/^[a-z0-9_]{1,63}$/.test(slot))
    add(
      'slot.name',
      `Invalid value ${slot} for configuration slot.name: Valid replication slot name must contain only digits, lowercase characters and underscores with length <= 63`,
    );
  const pub = props['publication.name'];
  if (pub !== undefined && !/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(pub))
    add('publication.name', `Invalid value ${pub} for configuration publication.name: not a valid identifier`);
  return errors;
}

export function parsePostgresCdcConfig(props: Props): PostgresCdcConfig {
  const { values, common } = parseCdcValues(postgresCdcConfigDef(), props, postgresCdcProblems(props));
  const { v, s, list } = values;
  const mode = s('snapshot.mode');
  return {
    ...common,
    dbname: s('database.dbname'),
    sslMode: s('database.sslmode'),
    slotName: s('slot.name'),
    publicationName: s('publication.name'),
    publicationAutocreateMode: s('publication.autocreate.mode') as PublicationAutocreateMode,
    schemaInclude: list('schema.include.list'),
    schemaExclude: list('schema.exclude.list'),
    snapshotMode: (mode === 'never' ? 'no_data' : mode) as PgSnapshotMode,
    decimalHandlingMode: s('decimal.handling.mode') as PgDecimalMode,
    timePrecisionMode: s('time.precision.mode') as PgTimePrecisionMode,
    binaryHandlingMode: s('binary.handling.mode') as PgBinaryMode,
    intervalHandlingMode: s('interval.handling.mode') as 'numeric' | 'string',
    moneyFractionDigits: Number(v['money.fraction.digits']),
    unavailableValuePlaceholder: s('unavailable.value.placeholder'),
    statusUpdateIntervalMs: Number(v['status.update.interval.ms']),
  };
}
