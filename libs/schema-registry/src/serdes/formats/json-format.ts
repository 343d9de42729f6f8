import type { ParsedJsonSchema } from '../../schema-types';
import { SerializationError } from '../serdes-errors';

function assertValid(schema: ParsedJsonSchema, value: unknown, what: string): void {
  let validate: ParsedJsonSchema['validate'];
  try {
    validate = schema.validate;
  } catch (e) {
    throw new SerializationError(`Cannot compile the JSON schema for validation: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (!validate(value)) {
    const details = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
    throw new SerializationError(`${what} does not match the JSON schema: ${details}`);
  }
}

/** JSON Schema serializer: validates first, as Confluent's does by default on produce. */
export function encodeJson(schema: ParsedJsonSchema, value: unknown): Buffer {
  assertValid(schema, value, 'Value');
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export function decodeJson(schema: ParsedJsonSchema, payload: Buffer, validate: boolean): unknown {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch (e) {
    throw new SerializationError(`Error deserializing JSON message: ${(e as Error).message}`, { cause: e });
  }
  if (validate) assertValid(schema, value, 'Message');
  return value;
}
