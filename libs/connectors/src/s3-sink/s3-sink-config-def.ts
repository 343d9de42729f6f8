// S3_SINK's ConfigDef: Confluent Cloud's property names, defaults and groups for its managed Amazon
// S3 sink (io.confluent.connect.s3.S3SinkConnector; reference: confluentinc/connect-migration-utility
// s3-sink_resolved_templates.json and the cc-s3-sink docs). The AWS keys are PASSWORD so they are
// encrypted at rest and masked on read.
import { ConfigDef } from '@libs/connect-spi';
import { defineRows, type ConfigRow } from '../common/config-rows';

const TOPICS = 'Which topics do you want to get data from?';
const INPUT = 'Input messages';
const AUTH = 'How should we connect to your Amazon S3?';
const DETAILS = 'Amazon S3 details';
const OUTPUT = 'Output messages';
const ORGANIZE = 'Organize my data by...';
const ADVANCED = 'Additional Configs';

type Row = ConfigRow;

export const DEFAULT_PATH_FORMAT = "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH";

const ROWS: Row[] = [
  ['topics', 'LIST', '', TOPICS, 1, 'Topic names', 'Topics to read.'],
  ['topics.regex', 'STRING', '', TOPICS, 2, 'Topics regex', 'Topic pattern (instead of topics).'],
  [
    'input.data.format',
    'STRING',
    'JSON',
    INPUT,
    1,
    'Input Kafka record value format',
    'AVRO, JSON_SR, PROTOBUF, JSON or BYTES.',
  ],
  [
    'input.key.format',
    'STRING',
    'BYTES',
    INPUT,
    2,
    'Input Kafka record key format',
    'AVRO, BYTES, JSON, JSON_SR, PROTOBUF or STRING.',
  ],
  [
    'authentication.method',
    'STRING',
    'Access Keys',
    AUTH,
    1,
    'Authentication method',
    'Access Keys (IAM Roles is not offered here).',
  ],
  [
    'aws.access.key.id',
    'PASSWORD',
    null,
    AUTH,
    2,
    'Amazon Access Key ID',
    'Access key id of the AWS (or S3-compatible) account.',
  ],
  ['aws.secret.access.key', 'PASSWORD', null, AUTH, 3, 'Amazon Secret Access Key', 'Secret access key.'],
  ['s3.bucket.name', 'STRING', undefined, DETAILS, 1, 'Bucket Name', 'The bucket the files are written to.'],
  ['s3.region', 'STRING', 'us-east-1', DETAILS, 2, 'AWS Region', 'Region of the bucket.'],
  [
    'store.url',
    'STRING',
    '',
    DETAILS,
    3,
    'Store URL',
    'Endpoint of an S3-compatible store (no scheme: https:// is added); subject to the egress policy.',
  ],
  [
    's3.path.style.access.enabled',
    'BOOLEAN',
    true,
    DETAILS,
    4,
    'Path-style access',
    'Path-style addressing (bucket in the path).',
  ],
  ['s3.part.size', 'INT', 5242880, DETAILS, 5, 'S3 Part Size', 'Part size of multipart uploads (5 MiB to 2 GiB).'],
  ['s3.compression.level', 'INT', -1, DETAILS, 6, 'Compression Level', 'gzip level (-1: zlib default, 0-9).'],
  ['s3.ssea.name', 'STRING', '', DETAILS, 7, 'S3 Server Side Encryption Algorithm', 'AES256 or aws:kms.'],
  ['s3.sse.kms.key.id', 'STRING', '', DETAILS, 8, 'S3 KMS key', 'KMS key id for aws:kms.'],
  ['s3.acl.canned', 'STRING', '', DETAILS, 9, 'S3 Canned ACL', 'Canned ACL of the objects.'],
  [
    'output.data.format',
    'STRING',
    null,
    OUTPUT,
    1,
    'Output message format',
    'AVRO, JSON, PARQUET or BYTES (default: the input format; AVRO and PARQUET need records with a value schema).',
  ],
  [
    'compression.codec',
    'STRING',
    '',
    OUTPUT,
    2,
    'Compression type',
    'JSON - gzip, BYTES - gzip, AVRO - deflate, AVRO - snappy, PARQUET - none, PARQUET - gzip, PARQUET - snappy.',
  ],
  ['json.decimal.format', 'STRING', 'BASE64', OUTPUT, 3, 'Decimal format', 'BASE64 or NUMERIC (JSON output).'],
  ['behavior.on.null.values', 'STRING', 'ignore', OUTPUT, 4, 'Behavior for null values', 'ignore or fail.'],
  ['store.kafka.keys', 'BOOLEAN', false, OUTPUT, 5, 'Store Kafka keys', 'Not offered here (false only).'],
  ['store.kafka.headers', 'BOOLEAN', false, OUTPUT, 6, 'Store Kafka headers', 'Not offered here (false only).'],
  ['topics.dir', 'STRING', 'topics', ORGANIZE, 1, 'Topic directory', 'Top folder of the objects; a blank omits it.'],
  [
    'time.interval',
    'STRING',
    undefined,
    ORGANIZE,
    2,
    'Time interval',
    'HOURLY or DAILY: how files are partitioned in time.',
  ],
  [
    'partitioner.class',
    'STRING',
    'TimeBasedPartitioner',
    ORGANIZE,
    3,
    'Partitioner class',
    'TimeBasedPartitioner, FieldPartitioner or DefaultPartitioner.',
  ],
  ['partition.field.name', 'LIST', '', ORGANIZE, 4, 'Partition field name', 'Value fields of FieldPartitioner.'],
  [
    'path.format',
    'STRING',
    DEFAULT_PATH_FORMAT,
    ORGANIZE,
    5,
    'Path format',
    'Joda-Time pattern of TimeBasedPartitioner folders.',
  ],
  [
    'timestamp.field',
    'STRING',
    '',
    ORGANIZE,
    6,
    'Timestamp field name',
    'Value field holding the record time (empty: the Kafka record timestamp).',
  ],
  ['timezone', 'STRING', 'UTC', ORGANIZE, 7, 'Timezone', 'Time zone of path.format (an IANA name).'],
  ['locale', 'STRING', 'en', ORGANIZE, 8, 'Locale', 'Locale of path.format.'],
  ['flush.size', 'INT', 1000, ORGANIZE, 9, 'Flush size', 'Records per file before it is uploaded.'],
  [
    'rotate.interval.ms',
    'LONG',
    null,
    ORGANIZE,
    10,
    'Rotate interval (ms)',
    'Largest record-time span of one file (default: the time.interval period for TimeBasedPartitioner, else none).',
  ],
  [
    'rotate.schedule.interval.ms',
    'LONG',
    -1,
    ORGANIZE,
    11,
    'Scheduled rotation (ms)',
    'Wall-clock rotation (-1: off); makes the files at least once rather than exactly once.',
  ],
  ['schema.compatibility', 'STRING', 'NONE', ADVANCED, 1, 'Schema Compatibility', 'NONE, BACKWARD, FORWARD or FULL.'],
];

export const S3_SINK_PROPERTIES = ROWS.map((r) => r[0]);

export function s3SinkConfigDef(): ConfigDef {
  return defineRows(new ConfigDef(), ROWS);
}
