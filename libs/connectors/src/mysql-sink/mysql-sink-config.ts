// MySqlSink configuration: Confluent Cloud's property names and defaults (its fully-managed template,
// confluentinc/connect-migration-utility `templates/fm/MySqlSink_resolved_templates.json`: common-jdbc-sink, ssl-mode, input-data-format-sr-backed, common-sink) plus the JDBC sink's
// max.retries / retry.backoff.ms, and the cross-property rules of the JDBC sink.
import { ConfigDef, type Props } from '@libs/connect-spi';
import {
  INPUT_DATA_FORMATS,
  INSERT_MODES,
  PK_MODES,
  SSL_MODES,
  INPUT_KEY_FORMATS,
  jdbcSinkProblems,
  parseJdbcSinkConfig,
  type JdbcConfigNames,
  type JdbcSinkConfig,
} from '../jdbc-sink/jdbc-sink-config';

// The JDBC core's names stay exported from here, where MySqlSink's users have always found them.
export {
  INPUT_DATA_FORMATS,
  INPUT_KEY_FORMATS,
  INSERT_MODES,
  PK_MODES,
  SSL_MODES,
  TIMESTAMP_PRECISION_MODES,
  egressProblems,
  validTimeZone,
  type InsertMode,
  type PkMode,
  type SslMode,
  type TimestampPrecisionMode,
} from '../jdbc-sink/jdbc-sink-config';

export type MySqlSinkConfig = JdbcSinkConfig;

const MYSQL_NAMES: JdbcConfigNames = { trustStore: 'ssl.truststorefile', defaultName: 'MySqlSink' };

const GROUP_DB = 'Database';
const GROUP_WRITES = 'Writes';
const GROUP_DDL = 'DDL';

export function mySqlSinkConfigDef(): ConfigDef {
  const d = new ConfigDef();
  let o = 0;
  const def = (
    name: string,
    type: 'STRING' | 'INT' | 'LONG' | 'BOOLEAN' | 'LIST' | 'PASSWORD',
    defaultValue: unknown,
    doc: string,
    group = GROUP_DB,
    importance: 'HIGH' | 'MEDIUM' | 'LOW' = 'HIGH',
  ) =>
    d.define({
      name,
      type,
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      importance,
      documentation: doc,
      group,
      orderInGroup: ++o,
      displayName: name,
    });
  def('connection.host', 'STRING', undefined, 'Database host (subject to the egress policy).');
  def('connection.port', 'INT', undefined, 'Database port.');
  def('connection.user', 'STRING', undefined, 'Database user.');
  def('connection.password', 'PASSWORD', undefined, 'Database password.');
  def('db.name', 'STRING', undefined, 'Database name.');
  def('ssl.mode', 'STRING', 'prefer', `TLS: ${SSL_MODES.join(', ')}.`);
  def('ssl.truststorefile', 'PASSWORD', '', 'CA certificate(s), PEM, for verify-ca / verify-full.', GROUP_DB, 'LOW');
  def('ssl.truststorepassword', 'PASSWORD', '', 'Unused for PEM trust stores.', GROUP_DB, 'LOW');
  def('topics', 'LIST', '', 'Topics to read.', GROUP_WRITES);
  def('topics.regex', 'STRING', '', 'Topic pattern (instead of topics).', GROUP_WRITES, 'LOW');
  def('input.data.format', 'STRING', undefined, `Value format: ${INPUT_DATA_FORMATS.join(', ')}.`, GROUP_WRITES);
  def(
    'input.key.format',
    'STRING',
    '',
    `Key format: ${INPUT_KEY_FORMATS.join(', ')} (default: string).`,
    GROUP_WRITES,
    'MEDIUM',
  );
  def('insert.mode', 'STRING', 'INSERT', `${INSERT_MODES.join(', ')}.`, GROUP_WRITES);
  def('pk.mode', 'STRING', 'none', `${PK_MODES.join(', ')}.`, GROUP_WRITES);
  def('pk.fields', 'LIST', '', 'Primary key fields (meaning depends on pk.mode).', GROUP_WRITES);
  def('table.name.format', 'STRING', '${topic}', 'Destination table; ${topic} is replaced by the topic.', GROUP_WRITES);
  def('table.types', 'LIST', 'TABLE', 'TABLE or VIEW.', GROUP_WRITES, 'LOW');
  def('fields.whitelist', 'LIST', '', 'Value fields to write (empty: all).', GROUP_WRITES, 'MEDIUM');
  def('auto.create', 'STRING', 'false', 'Create missing tables.', GROUP_DDL);
  def('auto.evolve', 'STRING', 'false', 'Add missing columns.', GROUP_DDL);
  def('quote.sql.identifiers', 'STRING', 'ALWAYS', 'ALWAYS or NEVER.', GROUP_DDL, 'LOW');
  def('db.timezone', 'STRING', 'UTC', 'Zone for binding time values.', GROUP_WRITES, 'MEDIUM');
  def('date.timezone', 'STRING', 'DB_TIMEZONE', 'DB_TIMEZONE or UTC.', GROUP_WRITES, 'LOW');
  def(
    'timestamp.precision.mode',
    'STRING',
    'microseconds',
    'Unit of the epoch numbers in timestamp.fields.list fields: microseconds or nanoseconds.',
    GROUP_WRITES,
    'LOW',
  );
  def(
    'timestamp.fields.list',
    'LIST',
    '',
    'Value fields written as DATETIME(6): longs or numeric strings are epoch microseconds/nanoseconds (timestamp.precision.mode), other strings yyyy-MM-ddTHH:mm:ss.SSSSSSSSS in db.timezone.',
    GROUP_WRITES,
    'LOW',
  );
  def(
    'batch.sizes',
    'INT',
    3000,
    'Rows per INSERT statement (before the placeholder / packet limits).',
    GROUP_WRITES,
    'MEDIUM',
  );
  def('delete.enabled', 'BOOLEAN', false, 'Tombstones delete rows (needs pk.mode=record_key).', GROUP_WRITES, 'MEDIUM');
  def('max.poll.records', 'LONG', 500, 'Records per consumer poll (consumer setting).', GROUP_WRITES, 'LOW');
  def('max.poll.interval.ms', 'LONG', 300000, 'Consumer max poll interval.', GROUP_WRITES, 'LOW');
  def('max.retries', 'INT', 10, 'Retries of a failed batch (transient database errors).', GROUP_WRITES, 'LOW');
  def('retry.backoff.ms', 'INT', 3000, 'Backoff between retries.', GROUP_WRITES, 'LOW');
  def('tasks.max', 'INT', undefined, 'Number of tasks.', GROUP_WRITES);
  def('schema.context.name', 'STRING', 'default', 'Schema Registry context.', GROUP_WRITES, 'LOW');
  return d;
}

/** Per-property errors of the cross-field rules (and value checks) with Confluent's names. */
export function mySqlSinkProblems(props: Props): Record<string, string[]> {
  return jdbcSinkProblems(props, MYSQL_NAMES);
}

/** The parsed config; throws ConfigException naming the first bad property. */
export function parseMySqlSinkConfig(props: Props): MySqlSinkConfig {
  return parseJdbcSinkConfig(props, mySqlSinkConfigDef(), MYSQL_NAMES);
}
