import * as avro from 'avsc';
import type { AvroSchema } from './avro-types';
import { compileSchema } from './compile';
import { parseSeed } from './prng';
import { findQuickstart, loadQuickstartSchema, QUICKSTART_NAMES, type QuickstartDefinition } from './quickstarts';
import { parseSchemaJson } from './schema-json';

export const OUTPUT_DATA_FORMATS = ['AVRO', 'JSON_SR', 'PROTOBUF', 'JSON'] as const;
export type OutputDataFormat = (typeof OUTPUT_DATA_FORMATS)[number];
export const JSON_DECIMAL_FORMATS = ['BASE64', 'NUMERIC'] as const;

/** Defaults from Confluent's fully-managed DatagenSource template (see quickstarts.ts). */
export const DATAGEN_DEFAULTS = {
  'output.data.format': 'JSON',
  'max.interval': '1000',
  iterations: '-1',
  'json.output.decimal.format': 'BASE64',
} as const;

/** A valid DatagenSource config, resolved into what the task needs. */
export interface DatagenConfig {
  kafkaTopic: string;
  outputDataFormat: OutputDataFormat;
  /** Set when the schema comes from `quickstart`. */
  quickstart?: QuickstartDefinition;
  schema: AvroSchema;
  /** `schema.keyfield`, else the quickstart's key field; undefined means null keys. */
  keyField?: string;
  maxIntervalMs: number;
  /** Records per task; <= 0 means unlimited. */
  iterations: number;
  tasksMax: number;
  /** `random.seed` as decimal text, when set. */
  randomSeed?: string;
  jsonOutputDecimalFormat: (typeof JSON_DECIMAL_FORMATS)[number];
}

export interface DatagenValidation {
  /** Property name -> messages, only for properties with errors (Confluent's property names). */
  errors: Record<string, string[]>;
  errorCount: number;
  /** Present when errorCount is 0. */
  config?: DatagenConfig;
}

export const EXACTLY_ONE_SCHEMA_SOURCE = 'Must set exactly one of schema.string, schema.filename, quickstart';
export const KEYFIELD_NOT_IN_SCHEMA = "The schema does not contain the field provided in 'schema.keyfield'";

/**
 * Validates a DatagenSource config map (values as on the wire: strings) the way the connector's
 * validate does, reporting per property. `schema.filename` is not offered by Confluent Cloud and is not
 * read here.
 */
export function validateDatagenConfig(input: Record<string, string | null | undefined>): DatagenValidation {
  const errors: Record<string, string[]> = {};
  const add = (prop: string, msg: string): void => {
    (errors[prop] ??= []).push(msg);
  };
  const get = (prop: string): string | undefined => {
    const v = input[prop];
    return v === null || v === undefined ? undefined : String(v);
  };
  const withDefault = (prop: keyof typeof DATAGEN_DEFAULTS): string => {
    const v = get(prop);
    return v === undefined || v.trim() === '' ? DATAGEN_DEFAULTS[prop] : v.trim();
  };

  // kafka.topic
  const topic = get('kafka.topic')?.trim() ?? '';
  if (topic === '') add('kafka.topic', '"kafka.topic" is required');
  else {
    const problem = topicNameProblem(topic);
    if (problem) add('kafka.topic', problem);
  }

  // output.data.format
  const format = withDefault('output.data.format');
  if (!(OUTPUT_DATA_FORMATS as readonly string[]).includes(format))
    add(
      'output.data.format',
      invalidValue(format, 'output.data.format', `String must be one of: ${OUTPUT_DATA_FORMATS.join(', ')}`),
    );

  const decimalFormat = withDefault('json.output.decimal.format');
  if (!(JSON_DECIMAL_FORMATS as readonly string[]).includes(decimalFormat))
    add(
      'json.output.decimal.format',
      invalidValue(
        decimalFormat,
        'json.output.decimal.format',
        `String must be one of: ${JSON_DECIMAL_FORMATS.join(', ')}`,
      ),
    );

  // Numbers
  const maxInterval = parseInt32(withDefault('max.interval'), 'max.interval', add, 0);
  const iterations = parseInt32(withDefault('iterations'), 'iterations', add);
  const tasksRaw = get('tasks.max')?.trim() ?? '';
  let tasksMax: number | undefined;
  if (tasksRaw === '') add('tasks.max', '"tasks.max" is required');
  else tasksMax = parseInt32(tasksRaw, 'tasks.max', add, 1);

  let seed: string | undefined;
  const seedRaw = get('random.seed')?.trim();
  if (seedRaw !== undefined && seedRaw !== '') {
    const parsed = parseSeed(seedRaw);
    if (!parsed) add('random.seed', invalidValue(seedRaw, 'random.seed', 'Not a number of type LONG'));
    else seed = parsed.text;
  }

  // Schema source: exactly one of quickstart / schema.string.
  const quickstartName = get('quickstart')?.trim() ?? '';
  const schemaString = get('schema.string') ?? '';
  let schema: AvroSchema | undefined;
  let quickstart: QuickstartDefinition | undefined;
  const hasQuickstart = quickstartName !== '';
  const hasSchemaString = schemaString.trim() !== '';
  if (hasQuickstart === hasSchemaString) {
    add('quickstart', EXACTLY_ONE_SCHEMA_SOURCE);
    add('schema.string', EXACTLY_ONE_SCHEMA_SOURCE);
  } else if (hasQuickstart) {
    quickstart = findQuickstart(quickstartName);
    if (!quickstart) add('quickstart', `quickstart must be one out of ${QUICKSTART_NAMES.join(', ')}`);
    else schema = loadQuickstartSchema(quickstart);
  } else {
    const problem = schemaStringProblem(schemaString);
    if (typeof problem === 'string') add('schema.string', problem);
    else schema = problem.schema;
  }

  // schema.keyfield must be a top-level field of the schema in effect.
  const keyfieldRaw = get('schema.keyfield')?.trim() ?? '';
  let keyField: string | undefined = keyfieldRaw !== '' ? keyfieldRaw : quickstart?.keyField;
  if (keyfieldRaw !== '' && schema !== undefined) {
    const fields = topLevelFieldNames(schema);
    if (!fields || !fields.includes(keyfieldRaw)) {
      add('schema.keyfield', KEYFIELD_NOT_IN_SCHEMA);
      keyField = undefined;
    }
  }

  const errorCount = Object.values(errors).reduce((n, list) => n + list.length, 0);
  if (errorCount > 0 || schema === undefined) return { errors, errorCount };
  return {
    errors,
    errorCount,
    config: {
      kafkaTopic: topic,
      outputDataFormat: format as OutputDataFormat,
      quickstart,
      schema,
      keyField,
      maxIntervalMs: maxInterval!,
      iterations: iterations!,
      tasksMax: tasksMax!,
      randomSeed: seed,
      jsonOutputDecimalFormat: decimalFormat as DatagenConfig['jsonOutputDecimalFormat'],
    },
  };
}

/** Parses and checks an inline schema; returns the schema or a message for `schema.string`. */
export function schemaStringProblem(text: string): string | { schema: AvroSchema } {
  let schema: AvroSchema;
  try {
    schema = parseSchemaJson(text);
  } catch (e) {
    return `Unable to parse the provided schema: not valid JSON (${(e as Error).message})`;
  }
  try {
    // avsc checks the Avro itself (names, types, defaults); it ignores arg.properties.
    avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false });
  } catch (e) {
    return `Unable to parse the provided schema: ${(e as Error).message}`;
  }
  if (topLevelFieldNames(schema) === undefined) {
    // The reference task casts every generated value to a GenericRecord and fails otherwise.
    return 'Unable to parse the provided schema: the schema must be an Avro record';
  }
  try {
    compileSchema(schema);
  } catch (e) {
    return `Invalid arg.properties in the provided schema: ${(e as Error).message}`;
  }
  return { schema };
}

function topLevelFieldNames(schema: AvroSchema): string[] | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
  if (typeof schema.type === 'object' && schema.type !== null && !Array.isArray(schema.type))
    return topLevelFieldNames(schema.type);
  return Array.isArray(schema.fields) ? schema.fields.map((f) => f.name) : undefined;
}

function parseInt32(
  raw: string,
  prop: string,
  add: (prop: string, msg: string) => void,
  atLeast?: number,
): number | undefined {
  if (!/^[+-]?\d+$/.test(raw)) {
    add(prop, invalidValue(raw, prop, 'Not a number of type INT'));
    return undefined;
  }
  const n = Number(raw);
  if (n < -2147483648 || n > 2147483647) {
    add(prop, invalidValue(raw, prop, 'Not a number of type INT'));
    return undefined;
  }
  if (atLeast !== undefined && n < atLeast) {
    add(prop, invalidValue(raw, prop, `Value must be at least ${atLeast}`));
    return undefined;
  }
  return n;
}

/** Kafka ConfigException wording. */
function invalidValue(value: string, prop: string, reason: string): string {
  return `Invalid value ${value} for configuration ${prop}: ${reason}`;
}

/** Kafka's topic name rules (Topic.validate), with its messages. */
function topicNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > 249) return `Topic name is illegal, it can't be longer than 249 characters, topic name: ${name}`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name))
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  return undefined;
}
