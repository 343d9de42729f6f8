// S3_SINK's typed configuration and its cross-property rules (each error on the property it is
// about, worded as Kafka's ConfigException is: "Invalid value X for configuration Y: why").
import { ConfigException, Password, type Props } from '@libs/connect-spi';
import { s3SinkConfigDef } from './s3-sink-config-def';
import { checkTimeZone, parsePathFormat } from './path-format';

export type OutputFormat = 'JSON' | 'AVRO' | 'PARQUET' | 'BYTES';
export type Codec = 'none' | 'gzip' | 'deflate' | 'snappy';

export type PartitionerConfig =
  | { kind: 'default' }
  | { kind: 'field'; fields: string[] }
  | { kind: 'time'; durationMs: number; pathFormat: string; zone: string };

export interface S3SinkConfig {
  bucket: string;
  region: string;
  /** The S3-compatible endpoint (store.url), or null for AWS. */
  endpoint: URL | null;
  pathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  /** topics.dir, '' when blank (omitted from keys). */
  topicsDir: string;
  format: OutputFormat;
  codec: Codec;
  gzipLevel: number;
  flushSize: number;
  /** Record-time rotation (≤ 0: off). */
  rotateIntervalMs: number;
  /** Wall-clock rotation (≤ 0: off). */
  rotateScheduleIntervalMs: number;
  partitioner: PartitionerConfig;
  /** timestamp.field, or null for the Kafka record timestamp. */
  timestampField: string | null;
  failOnNull: boolean;
  partSize: number;
  decimalNumeric: boolean;
  sse: string | null;
  kmsKeyId: string | null;
  acl: string | null;
}

const FORMATS: readonly OutputFormat[] = ['JSON', 'AVRO', 'PARQUET', 'BYTES'];
const INPUT_FORMATS = ['AVRO', 'JSON_SR', 'PROTOBUF', 'JSON', 'BYTES', 'STRING'];
const INTERVALS: Record<string, number> = { HOURLY: 3_600_000, DAILY: 86_400_000 };
/** Codecs each output format takes (compression.codec is "<FORMAT> - <codec>"). */
const CODECS: Record<OutputFormat, readonly Codec[]> = {
  JSON: ['none', 'gzip'],
  BYTES: ['none', 'gzip'],
  AVRO: ['none', 'deflate', 'snappy'],
  PARQUET: ['none', 'gzip', 'snappy'],
};
const PARTITIONERS: Record<string, PartitionerConfig['kind']> = {
  DefaultPartitioner: 'default',
  FieldPartitioner: 'field',
  TimeBasedPartitioner: 'time',
};
const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PART_SIZE = 2 * 1024 * 1024 * 1024 - 1;

const str = (v: unknown): string =>
  (v === null || v === undefined ? '' : v instanceof Password ? v.value() : String(v)).trim();
const invalid = (value: unknown, name: string, why: string) =>
  `Invalid value ${str(value)} for configuration ${name}: ${why}`;

/** store.url as a URL (https:// added when it has no scheme), or null when blank / not a URL. */
export function storeUrl(raw: string): URL | null {
  const s = raw.trim();
  if (!s) return null;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

function partitionerKind(raw: string): PartitionerConfig['kind'] | undefined {
  return PARTITIONERS[raw.replace(/^io\.confluent\.connect\.storage\.partitioner\./, '')];
}

/** The output format and codec as configured (format defaults to the input format). */
function formatAndCodec(p: Record<string, unknown>): { format: string; codec: string; codecFormat: string } {
  const format = str(p['output.data.format'] || p['input.data.format'] || 'JSON').toUpperCase();
  const raw = str(p['compression.codec']);
  const m = /^([A-Za-z_]+)\s*-\s*([A-Za-z0-9]+)$/.exec(raw);
  return { format, codec: m ? m[2].toLowerCase() : raw.toLowerCase(), codecFormat: m ? m[1].toUpperCase() : format };
}

/** Property → messages for the rules a ConfigDef cannot express. */
export function s3SinkProblems(props: Props): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (k: string, msg: string) => (errors[k] ??= []).push(msg);
  const { values: p } = s3SinkConfigDef().parseWithErrors(props);
  const input = str(p['input.data.format']).toUpperCase();
  if (input && !INPUT_FORMATS.includes(input))
    add('input.data.format', invalid(input, 'input.data.format', `must be one of ${INPUT_FORMATS.join(', ')}`));
  const { format, codec, codecFormat } = formatAndCodec(p);
  if (!(FORMATS as readonly string[]).includes(format))
    add('output.data.format', invalid(format, 'output.data.format', `must be one of ${FORMATS.join(', ')}`));
  else if (codec) {
    const allowed = CODECS[format as OutputFormat];
    if (codecFormat !== format || !(allowed as readonly string[]).includes(codec))
      add(
        'compression.codec',
        invalid(
          p['compression.codec'],
          'compression.codec',
          `${format} output takes ${allowed
            .filter((c) => c !== 'none' || format === 'PARQUET')
            .map((c) => `${format} - ${c}`)
            .join(', ')}`,
        ),
      );
  }
  if (str(p['authentication.method']) && str(p['authentication.method']) !== 'Access Keys')
    add(
      'authentication.method',
      invalid(p['authentication.method'], 'authentication.method', 'only Access Keys is offered'),
    );
  // required: without them the AWS SDK would fall back to the platform host's own credentials
  for (const k of ['aws.access.key.id', 'aws.secret.access.key'])
    if (!str(p[k])) add(k, `Missing required configuration "${k}" which has no default value.`);
  if (str(p['store.url']) && !storeUrl(str(p['store.url'])))
    add('store.url', invalid(p['store.url'], 'store.url', 'not an http(s) URL'));
  const interval = str(p['time.interval']).toUpperCase();
  if (props['time.interval'] !== undefined && !(interval in INTERVALS))
    add('time.interval', invalid(p['time.interval'], 'time.interval', 'must be HOURLY or DAILY'));
  const kind = partitionerKind(str(p['partitioner.class']));
  if (!kind)
    add(
      'partitioner.class',
      invalid(
        p['partitioner.class'],
        'partitioner.class',
        'must be TimeBasedPartitioner, FieldPartitioner or DefaultPartitioner',
      ),
    );
  if (kind === 'field' && (p['partition.field.name'] as string[] | null)?.filter(Boolean).length === 0)
    add('partition.field.name', 'FieldPartitioner needs partition.field.name');
  if (kind === 'time') {
    try {
      parsePathFormat(str(p['path.format']));
    } catch (e) {
      add('path.format', invalid(p['path.format'], 'path.format', (e as Error).message));
    }
  }
  try {
    checkTimeZone(str(p.timezone) || 'UTC');
  } catch {
    add('timezone', invalid(p.timezone, 'timezone', 'not a known time zone'));
  }
  if (Number(p['flush.size']) < 1) add('flush.size', invalid(p['flush.size'], 'flush.size', 'must be at least 1'));
  const part = Number(p['s3.part.size']);
  if (part < MIN_PART_SIZE || part > MAX_PART_SIZE)
    add('s3.part.size', invalid(part, 's3.part.size', `must be between ${MIN_PART_SIZE} and ${MAX_PART_SIZE}`));
  const level = Number(p['s3.compression.level']);
  if (!Number.isInteger(level) || level < -1 || level > 9)
    add('s3.compression.level', invalid(level, 's3.compression.level', 'must be -1 to 9'));
  if (!['ignore', 'fail'].includes(str(p['behavior.on.null.values']).toLowerCase()))
    add(
      'behavior.on.null.values',
      invalid(p['behavior.on.null.values'], 'behavior.on.null.values', 'must be ignore or fail'),
    );
  for (const k of ['store.kafka.keys', 'store.kafka.headers'])
    if (p[k] === true) add(k, invalid(p[k], k, 'keys and headers files are not offered'));
  if (!['BASE64', 'NUMERIC'].includes(str(p['json.decimal.format']).toUpperCase()))
    add('json.decimal.format', invalid(p['json.decimal.format'], 'json.decimal.format', 'must be BASE64 or NUMERIC'));
  const sse = str(p['s3.ssea.name']);
  if (sse && sse !== 'AES256' && sse !== 'aws:kms')
    add('s3.ssea.name', invalid(sse, 's3.ssea.name', 'must be AES256 or aws:kms'));
  return errors;
}

/** The typed config; throws ConfigException on the first problem (a task or connector start). */
export function parseS3SinkConfig(props: Props): S3SinkConfig {
  const parsed = s3SinkConfigDef().parseWithErrors(props);
  const first = [...Object.values(parsed.errors), ...Object.values(s3SinkProblems(props))].flat()[0];
  if (first) throw new ConfigException(first);
  const p = parsed.values;
  const { format, codec } = formatAndCodec(p);
  const kind = partitionerKind(str(p['partitioner.class']))!;
  const durationMs = INTERVALS[str(p['time.interval']).toUpperCase()];
  const partitioner: PartitionerConfig =
    kind === 'default'
      ? { kind }
      : kind === 'field'
        ? { kind, fields: (p['partition.field.name'] as string[]).map((f) => f.trim()).filter(Boolean) }
        : { kind, durationMs, pathFormat: str(p['path.format']), zone: str(p.timezone) || 'UTC' };
  const rotate = p['rotate.interval.ms'];
  return {
    bucket: str(p['s3.bucket.name']),
    region: str(p['s3.region']) || 'us-east-1',
    endpoint: storeUrl(str(p['store.url'])),
    pathStyle: p['s3.path.style.access.enabled'] !== false,
    accessKeyId: str(p['aws.access.key.id']),
    secretAccessKey: str(p['aws.secret.access.key']),
    // a blank topics.dir (" ") omits the folder
    topicsDir: str(p['topics.dir']),
    format: format as OutputFormat,
    codec: (codec || (format === 'PARQUET' ? 'snappy' : 'none')) as Codec,
    gzipLevel: Number(p['s3.compression.level']),
    flushSize: Number(p['flush.size']),
    rotateIntervalMs: rotate === null || rotate === undefined ? (kind === 'time' ? durationMs : -1) : Number(rotate),
    rotateScheduleIntervalMs: Number(p['rotate.schedule.interval.ms']),
    partitioner,
    timestampField: str(p['timestamp.field']) || null,
    failOnNull: str(p['behavior.on.null.values']).toLowerCase() === 'fail',
    partSize: Number(p['s3.part.size']),
    decimalNumeric: str(p['json.decimal.format']).toUpperCase() === 'NUMERIC',
    sse: str(p['s3.ssea.name']) || null,
    kmsKeyId: str(p['s3.sse.kms.key.id']) || null,
    acl: str(p['s3.acl.canned']) || null,
  };
}
