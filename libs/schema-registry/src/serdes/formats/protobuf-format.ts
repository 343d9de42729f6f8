import type * as protobuf from 'protobufjs';
import type { ParsedProtobufSchema } from '../../schema-types';
import { decodeMessageIndexes, encodeMessageIndexes } from '../message-indexes';
import { SerializationError } from '../serdes-errors';
import { messageProblem } from './protobuf-value-check';

function messageType(
  schema: ParsedProtobufSchema,
  messageName: string | undefined,
): { type: protobuf.Type; indexes: number[] } {
  const name = messageName ?? schema.recordName;
  if (!name) throw new SerializationError('The Protobuf schema declares no message');
  // Accept short names of top-level messages as well as full names.
  const full = schema.messageIndexes(name) ? name : schema.file.package ? `${schema.file.package}.${name}` : name;
  const indexes = schema.messageIndexes(full);
  if (!indexes) throw new SerializationError(`Message ${name} is not declared in the Protobuf schema`);
  return { type: schema.root.lookupType(full), indexes };
}

/** Message-index prefix + protobuf bytes. Plain objects are converted with fromObject. */
export function encodeProtobuf(schema: ParsedProtobufSchema, value: unknown, messageName?: string): Buffer {
  const { type, indexes } = messageType(schema, messageName);
  let message: protobuf.Message;
  if (value instanceof type.ctor) {
    message = value as protobuf.Message;
  } else {
    const problem = messageProblem(type, value);
    if (problem)
      throw new SerializationError(`Value does not match Protobuf message ${type.fullName.slice(1)}: ${problem}`);
    message = type.fromObject(value as Record<string, unknown>);
  }
  return Buffer.concat([encodeMessageIndexes(indexes), type.encode(message).finish()]);
}

export interface DecodedProtobuf {
  messageName: string;
  value: protobuf.Message;
}

/**
 * Reads the message indexes and the message. With `allowMissingIndexes`, a payload whose index
 * prefix does not decode is read as the first message without indexes — the format
 * @kafkajs/confluent-schema-registry writes.
 */
export function decodeProtobuf(
  schema: ParsedProtobufSchema,
  payload: Buffer,
  allowMissingIndexes: boolean,
): DecodedProtobuf {
  let firstError: unknown;
  try {
    const { indexes, offset } = decodeMessageIndexes(payload, 0);
    const name = schema.messageAt(indexes);
    if (!name) throw new SerializationError(`No message at index [${indexes.join(', ')}] in the Protobuf schema`);
    return { messageName: name, value: schema.root.lookupType(name).decode(payload.subarray(offset)) };
  } catch (e) {
    firstError = e;
  }
  if (allowMissingIndexes && schema.recordName) {
    try {
      return { messageName: schema.recordName, value: schema.root.lookupType(schema.recordName).decode(payload) };
    } catch {
      // fall through to the original error
    }
  }
  throw firstError instanceof SerializationError
    ? firstError
    : new SerializationError(`Error deserializing Protobuf message: ${(firstError as Error).message}`, {
        cause: firstError,
      });
}
