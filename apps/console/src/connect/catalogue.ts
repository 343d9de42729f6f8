// Display metadata for the managed plugins (`connector-plugins` gives only class and type; Confluent's
// console keeps names, categories and descriptions beside the API as well).
export interface CatalogueEntry {
  name: string;
  category: string;
  description: string;
}

const ENTRIES: Record<string, CatalogueEntry> = {
  DatagenSource: {
    name: 'Datagen Source',
    category: 'Sample data',
    description: 'Generates mock records (orders, users, pageviews…) for development and tutorials.',
  },
  MySqlSink: {
    name: 'MySQL Sink',
    category: 'Database',
    description: 'Writes topic records into MySQL / MariaDB tables over JDBC semantics.',
  },
  PostgresSink: {
    name: 'PostgreSQL Sink',
    category: 'Database',
    description: 'Writes topic records into PostgreSQL tables.',
  },
  S3_SINK: {
    name: 'Amazon S3 Sink',
    category: 'Object storage',
    description: 'Writes topic records to S3-compatible object storage as JSON, Avro or Parquet files.',
  },
  HttpSinkV2: { name: 'HTTP Sink V2', category: 'HTTP', description: 'Sends topic records to HTTP endpoints.' },
  MariaDbCdcSource: {
    name: 'MariaDB CDC Source',
    category: 'Change data capture',
    description: 'Streams row changes from MariaDB binlogs (Debezium format).',
  },
  MySqlCdcSourceV2: {
    name: 'MySQL CDC Source V2',
    category: 'Change data capture',
    description: 'Streams row changes from MySQL binlogs (Debezium format).',
  },
  PostgresCdcSourceV2: {
    name: 'PostgreSQL CDC Source V2',
    category: 'Change data capture',
    description: 'Streams row changes from PostgreSQL logical replication (Debezium format).',
  },
};

export function catalogueEntry(pluginClass: string, type: string): CatalogueEntry {
  return (
    ENTRIES[pluginClass] ?? { name: pluginClass, category: type === 'source' ? 'Source' : 'Sink', description: '' }
  );
}

const K = 'org.apache.kafka.connect.transforms.';
const C = 'io.confluent.connect.transforms.';

/** The single message transforms offered in the SMT editor (those the runtime implements). */
export const TRANSFORM_TYPES = [
  ...[
    'Cast',
    'ExtractField',
    'Flatten',
    'HeaderFrom',
    'HoistField',
    'InsertField',
    'MaskField',
    'ReplaceField',
    'SetSchemaMetadata',
    'TimestampConverter',
  ].flatMap((t) => [`${K}${t}$Key`, `${K}${t}$Value`]),
  `${K}DropHeaders`,
  `${K}Filter`,
  `${K}InsertHeader`,
  `${K}RegexRouter`,
  `${K}TimestampRouter`,
  `${K}ValueToKey`,
  `${C}Drop$Key`,
  `${C}Drop$Value`,
  `${C}ExtractTopic$Key`,
  `${C}ExtractTopic$Value`,
  `${C}Filter$Key`,
  `${C}Filter$Value`,
  `${C}MessageTimestampRouter`,
  `${C}TombstoneHandler`,
  `${C}TopicRegexRouter`,
  'io.debezium.transforms.ExtractNewRecordState',
].sort((a, b) => a.split('.').pop()!.localeCompare(b.split('.').pop()!));

export const PREDICATE_TYPES = [
  `${K}predicates.HasHeaderKey`,
  `${K}predicates.RecordIsTombstone`,
  `${K}predicates.TopicNameMatches`,
];

export const shortClass = (c: string) => c.split('.').pop() ?? c;
