import type { IHeaders } from 'kafkajs';

export type PayloadType = 'BINARY' | 'JSON' | 'STRING';

export interface ParsedRecord {
  partition?: number;
  key: { type: PayloadType; bytes: Buffer } | null;
  value: { type: PayloadType; bytes: Buffer } | null;
  headers: IHeaders;
  timestamp: number;
}

/** A delivery report (ProduceResponse). */
export type ProduceResult =
  | {
      error_code: 200;
      cluster_id: string;
      topic_name: string;
      partition_id: number;
      offset: number;
      timestamp: string;
      key: { type: PayloadType; size: number } | null;
      value: { type: PayloadType; size: number } | null;
    }
  | { error_code: number; message: string };

export class RecordError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function payload(field: 'key' | 'value', raw: unknown): ParsedRecord['key'] {
  if (raw === undefined || raw === null) return null;
  if (!isObject(raw)) throw new RecordError(400, `${field} must be an object with "type" and "data"`);
  const given = raw.type;
  if (given !== undefined && given !== null && typeof given !== 'string')
    throw new RecordError(400, `${field}.type must be a string`);
  const type = ((given as string | undefined | null) ?? 'JSON').toUpperCase();
  const data = raw.data;
  if (
    raw.schema !== undefined ||
    raw.schema_id !== undefined ||
    raw.subject !== undefined ||
    raw.schema_version !== undefined
  ) {
    throw new RecordError(
      400,
      'Schema Registry formats are not supported on this endpoint; use BINARY, JSON or STRING.',
    );
  }
  if (data === undefined || data === null)
    return type === 'JSON' || type === 'STRING' || type === 'BINARY' ? null : invalidType(field, type);
  switch (type) {
    case 'BINARY':
      if (typeof data !== 'string' || !BASE64.test(data))
        throw new RecordError(400, `Bad Request: data=${JSON.stringify(data)} is not a base64 string.`);
      return { type: 'BINARY', bytes: Buffer.from(data, 'base64') };
    case 'STRING':
      if (typeof data !== 'string')
        throw new RecordError(400, `Bad Request: data=${JSON.stringify(data)} is not a string.`);
      return { type: 'STRING', bytes: Buffer.from(data, 'utf8') };
    case 'JSON':
      return { type: 'JSON', bytes: Buffer.from(JSON.stringify(data), 'utf8') };
    default:
      return invalidType(field, type);
  }
}

function invalidType(field: string, type: string): never {
  throw new RecordError(400, `Unsupported ${field} type ${type}: only BINARY, JSON and STRING are supported.`);
}

/** One ProduceRequest object → what kafkajs sends, or a RecordError with its Kafka REST code. */
export function parseProduceRequest(raw: unknown, now = Date.now()): ParsedRecord {
  if (!isObject(raw)) throw new RecordError(400, 'A produce request must be a JSON object');
  let partition: number | undefined;
  if (raw.partition_id !== undefined && raw.partition_id !== null) {
    if (!Number.isInteger(raw.partition_id) || (raw.partition_id as number) < 0)
      throw new RecordError(400, 'partition_id must be a non-negative integer');
    partition = raw.partition_id as number;
  }
  const headers: IHeaders = {};
  if (raw.headers !== undefined && raw.headers !== null) {
    if (!Array.isArray(raw.headers)) throw new RecordError(400, 'headers must be an array of {name, value}');
    for (const h of raw.headers) {
      if (!isObject(h) || typeof h.name !== 'string') throw new RecordError(400, 'each header needs a string name');
      if (h.value !== undefined && h.value !== null && (typeof h.value !== 'string' || !BASE64.test(h.value))) {
        throw new RecordError(
          400,
          `Cannot deserialize value of type \`byte[]\`: header ${h.name} is not base64 encoded`,
        );
      }
      const value = typeof h.value === 'string' ? Buffer.from(h.value, 'base64') : undefined;
      const prev = headers[h.name];
      if (prev === undefined) headers[h.name] = value;
      else headers[h.name] = ([] as Array<Buffer | string>).concat(prev as Buffer | Buffer[], value ?? Buffer.alloc(0));
    }
  }
  let timestamp = now;
  if (raw.timestamp !== undefined && raw.timestamp !== null) {
    const t = typeof raw.timestamp === 'string' ? Date.parse(raw.timestamp) : NaN;
    if (!Number.isFinite(t)) throw new RecordError(400, 'timestamp must be an RFC 3339 date-time');
    timestamp = t;
  }
  return { partition, key: payload('key', raw.key), value: payload('value', raw.value), headers, timestamp };
}
