import { kafkaRest } from './kafka-errors';
import { checkConfigEntry, checkRange, checkTopicName, INT16_MAX, INT32_MAX } from './kafka-limits';
import type { ConfigChange } from './usecases/configs.usecases';
import type { CreateTopicInput } from './usecases/topics.usecases';

// Request bodies of Kafka REST v3, checked by hand: Kafka REST answers its own codes, not the
// Confluent "Failure" shape the class-validator pipe produces.

type Obj = Record<string, unknown>;

function object(body: unknown): Obj {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw kafkaRest.invalidBody('Request body must be a JSON object');
  return body as Obj;
}

/** An integer the protocol carries in `max`'s width (INT16 or INT32). */
function optionalInt(o: Obj, field: string, max: number): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (!Number.isInteger(v)) throw kafkaRest.invalidBody(`${field} must be an integer`);
  checkRange(field, v as number, -max - 1, max);
  return v as number;
}

function optionalBool(o: Obj, field: string): boolean {
  const v = o[field];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw kafkaRest.invalidBody(`${field} must be a boolean`);
  return v;
}

function configEntries(v: unknown, field: string): Array<{ name: string; value: string | null }> {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw kafkaRest.invalidBody(`${field} must be an array`);
  return v.map((c, i) => {
    const e = object(c);
    if (typeof e.name !== 'string' || e.name.length === 0)
      throw kafkaRest.invalidBody(`${field}[${i}].name must be a non-empty string`);
    if (e.value !== undefined && e.value !== null && typeof e.value !== 'string')
      throw kafkaRest.invalidBody(`${field}[${i}].value must be a string`);
    const value = (e.value as string | undefined) ?? null;
    checkConfigEntry(e.name, value);
    return { name: e.name, value };
  });
}

export function parseCreateTopic(body: unknown): CreateTopicInput {
  const o = object(body);
  if (typeof o.topic_name !== 'string' || o.topic_name.length === 0)
    throw kafkaRest.unprocessable('topic_name is required');
  checkTopicName(o.topic_name);
  return {
    topicName: o.topic_name,
    partitionsCount: optionalInt(o, 'partitions_count', INT32_MAX),
    replicationFactor: optionalInt(o, 'replication_factor', INT16_MAX),
    configs: configEntries(o.configs, 'configs'),
    validateOnly: optionalBool(o, 'validate_only'),
  };
}

export function parsePartitionsCount(body: unknown): number {
  const count = optionalInt(object(body), 'partitions_count', INT32_MAX);
  if (count === undefined) throw kafkaRest.unprocessable('partitions_count is required');
  return count;
}

/**
 * PUT …/configs/{name}: `{"value": "…"}`. The value is required: Kafka REST resets a config only
 * with DELETE, so an empty body must not silently do it.
 */
export function parseConfigValue(body: unknown, name: string): string {
  const o = object(body);
  if (typeof o.value !== 'string')
    throw kafkaRest.invalidBody('value is required and must be a string (DELETE resets a config to its default)');
  checkConfigEntry(name, o.value);
  return o.value;
}

/** POST …/configs:alter: `{"data": [{name, value} | {name, operation: "DELETE"}], "validate_only"?}`. */
export function parseAlterBatch(body: unknown): { changes: ConfigChange[]; validateOnly: boolean } {
  const o = object(body);
  if (!Array.isArray(o.data)) throw kafkaRest.unprocessable('data is required');
  const changes = o.data.map((c, i): ConfigChange => {
    const e = object(c);
    if (typeof e.name !== 'string' || e.name.length === 0)
      throw kafkaRest.invalidBody(`data[${i}].name must be a non-empty string`);
    const op = e.operation === undefined || e.operation === null ? 'SET' : String(e.operation).toUpperCase();
    if (op === 'DELETE') return { name: e.name, value: null };
    if (op !== 'SET') throw kafkaRest.badRequest(`data[${i}].operation must be SET or DELETE`);
    // Kafka refuses a SET without a value ("Null value not supported"); only DELETE resets.
    if (e.value === undefined || e.value === null)
      throw kafkaRest.badRequest(`Null value not supported for : ${e.name} (use operation DELETE to reset it)`);
    if (typeof e.value !== 'string') throw kafkaRest.invalidBody(`data[${i}].value must be a string`);
    checkConfigEntry(e.name, e.value);
    return { name: e.name, value: e.value };
  });
  return { changes, validateOnly: optionalBool(o, 'validate_only') };
}

export function partitionIdParam(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw kafkaRest.notFound('HTTP 404 Not Found');
  return Number(raw);
}
