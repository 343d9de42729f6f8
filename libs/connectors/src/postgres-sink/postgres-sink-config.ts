// PostgresSink configuration: Confluent Cloud's property names, defaults and groups (its
// fully-managed template, confluentinc/connect-migration-utility
// `templates/fm/PostgresSink_resolved_templates.json`: PostgresSink, common-jdbc-sink, ssl-mode,
// input-data-format-sr-backed, common-sink, schema-registry) plus the JDBC sink's max.retries /
// retry.backoff.ms. The cross-property rules are the JDBC core's (../jdbc-sink/jdbc-sink-config.ts).
import { ConfigDef, type Props } from '@libs/connect-spi';
import {
  INPUT_DATA_FORMATS,
  INPUT_KEY_FORMATS,
  INSERT_MODES,
  PK_MODES,
  SSL_MODES,
  jdbcSinkProblems,
  parseJdbcSinkConfig,
  type JdbcConfigNames,
  type JdbcSinkConfig,
} from '../jdbc-sink/jdbc-sink-config';

export type PostgresSinkConfig = JdbcSinkConfig;

const NAMES: JdbcConfigNames = { trustStore: 'ssl.rootcertfile', defaultName: 'PostgresSink' };

// Confluent's groups for this connector, as its validate response names them
const CONNECT = 'How should we connect to your database?';
const DETAILS = 'Database details';
const PK = 'Primary Key';
const DDL = 'SQL/DDL Support';
const CONNECTION = 'Connection details';
const INPUT = 'Input messages';
const TOPICS = 'Which topics do you want to get data from?';
const CONSUMER = 'Consumer configuration';
const SCHEMA = 'Schema Config';
const ADDITIONAL = 'Additional Configs';

type Type = 'STRING' | 'INT' | 'LONG' | 'BOOLEAN' | 'LIST' | 'PASSWORD';

export function postgresSinkConfigDef(): ConfigDef {
  const d = new ConfigDef();
  const def = (
    name: string,
    type: Type,
    defaultValue: unknown,
    group: string,
    orderInGroup: number,
    displayName: string,
    doc: string,
    importance: 'HIGH' | 'MEDIUM' | 'LOW' = 'HIGH',
  ) =>
    d.define({
      name,
      type,
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      importance,
      documentation: doc,
      group,
      orderInGroup,
      displayName,
    });
  def(
    'connection.host',
    'STRING',
    undefined,
    CONNECT,
    1,
    'Connection host',
    'Database host (subject to the egress policy).',
  );
  def('connection.port', 'INT', undefined, CONNECT, 2, 'Connection port', 'JDBC connection port.');
  def('connection.user', 'STRING', undefined, CONNECT, 3, 'Connection user', 'JDBC connection user.');
  def('connection.password', 'PASSWORD', undefined, CONNECT, 4, 'Connection password', 'JDBC connection password.');
  def('db.name', 'STRING', undefined, CONNECT, 5, 'Database name', 'JDBC database name.');
  def('ssl.mode', 'STRING', 'prefer', CONNECT, 6, 'SSL mode', `TLS: ${SSL_MODES.join(', ')}.`);
  def(
    'ssl.rootcertfile',
    'PASSWORD',
    '',
    CONNECT,
    7,
    'SSL root cert',
    'The server root certificate(s), PEM text. Only required for verify-ca and verify-full.',
    'LOW',
  );
  def('topics', 'LIST', '', TOPICS, 1, 'Topic names', 'Topics to read.');
  def('topics.regex', 'STRING', '', TOPICS, 3, 'Topics regex', 'Topic pattern (instead of topics).', 'LOW');
  def(
    'input.data.format',
    'STRING',
    undefined,
    INPUT,
    1,
    'Input Kafka record value format',
    `Value format: ${INPUT_DATA_FORMATS.join(', ')}.`,
  );
  def(
    'input.key.format',
    'STRING',
    '',
    INPUT,
    2,
    'Input Kafka record key format',
    `Key format: ${INPUT_KEY_FORMATS.join(', ')} (needed for pk.mode=record_key).`,
  );
  def(
    'delete.enabled',
    'BOOLEAN',
    false,
    INPUT,
    3,
    'Delete on null',
    'Whether to treat null record values as deletes. Requires pk.mode to be record_key.',
    'LOW',
  );
  def('insert.mode', 'STRING', 'INSERT', DETAILS, 1, 'Insert mode', `${INSERT_MODES.join(', ')}.`);
  def(
    'table.name.format',
    'STRING',
    '${topic}',
    DETAILS,
    3,
    'Table name format',
    'Destination table; ${topic} is replaced by the topic. May be schema-qualified (sales.${topic}).',
    'MEDIUM',
  );
  def('table.types', 'LIST', 'TABLE', DETAILS, 4, 'Table types', 'TABLE, PARTITIONED TABLE or VIEW.', 'LOW');
  def('fields.whitelist', 'LIST', '', DETAILS, 5, 'Fields included', 'Value fields to write (empty: all).', 'MEDIUM');
  def(
    'timestamp.fields.list',
    'LIST',
    '',
    DETAILS,
    5,
    'Timestamp Fields',
    'Value fields of type long or string written as TIMESTAMP (timestamp.precision.mode).',
    'MEDIUM',
  );
  def('db.timezone', 'STRING', 'UTC', DETAILS, 7, 'Database timezone', 'Zone for binding time values.', 'MEDIUM');
  def('date.timezone', 'STRING', 'DB_TIMEZONE', DETAILS, 8, 'Timezone used for Date', 'DB_TIMEZONE or UTC.', 'MEDIUM');
  def(
    'timestamp.precision.mode',
    'STRING',
    'microseconds',
    DETAILS,
    8,
    'Timestamp Precision Mode',
    'Unit of the epoch numbers in timestamp.fields.list fields: microseconds or nanoseconds.',
    'MEDIUM',
  );
  def('pk.mode', 'STRING', 'none', PK, 1, 'PK mode', `${PK_MODES.join(', ')}.`);
  def('pk.fields', 'LIST', '', PK, 2, 'PK Fields', 'Primary key fields (meaning depends on pk.mode).');
  def('auto.create', 'STRING', 'false', DDL, 1, 'Auto create table', 'Create missing tables.', 'MEDIUM');
  def('auto.evolve', 'STRING', 'false', DDL, 2, 'Auto add columns', 'Add missing columns.', 'MEDIUM');
  def(
    'quote.sql.identifiers',
    'STRING',
    'ALWAYS',
    DDL,
    3,
    'When to quote SQL identifiers',
    'ALWAYS or NEVER.',
    'MEDIUM',
  );
  def('batch.sizes', 'INT', 3000, CONNECTION, 2, 'Max rows per batch', 'Rows per INSERT statement.', 'LOW');
  def(
    'max.poll.interval.ms',
    'LONG',
    300000,
    CONSUMER,
    1,
    'Max poll interval(ms)',
    'Consumer max poll interval.',
    'LOW',
  );
  def('max.poll.records', 'LONG', 500, CONSUMER, 2, 'Max poll records', 'Records per consumer poll.', 'LOW');
  def(
    'max.retries',
    'INT',
    10,
    ADDITIONAL,
    1,
    'max.retries',
    'Retries of a failed batch (transient database errors).',
    'LOW',
  );
  def('retry.backoff.ms', 'INT', 3000, ADDITIONAL, 2, 'retry.backoff.ms', 'Backoff between retries.', 'LOW');
  def('tasks.max', 'INT', undefined, 'Number of tasks for this connector', 1, 'Tasks', 'Number of tasks.');
  def('schema.context.name', 'STRING', 'default', SCHEMA, 1, 'Schema context', 'Schema Registry context.', 'MEDIUM');
  return d;
}

/** Per-property errors of the cross-field rules (and value checks) with Confluent's names. */
export function postgresSinkProblems(props: Props): Record<string, string[]> {
  return jdbcSinkProblems(props, NAMES);
}

/** The parsed config; throws ConfigException naming the first bad property. */
export function parsePostgresSinkConfig(props: Props): PostgresSinkConfig {
  return parseJdbcSinkConfig(props, postgresSinkConfigDef(), NAMES);
}
