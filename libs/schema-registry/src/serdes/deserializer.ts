import type * as protobuf from 'protobufjs';
import type { ParsedAvroSchema, ParsedJsonSchema, ParsedProtobufSchema } from '../schema-types';
import type { SchemaType } from '../types';
import { decodeAvro } from './formats/avro-format';
import { decodeJson } from './formats/json-format';
import { decodeProtobuf } from './formats/protobuf-format';
import { SchemaLoader } from './schema-loader';
import type { SchemaRegistryClient } from './schema-registry-client';
import { SerializationError } from './serdes-errors';
import { HEADER_SIZE, readSchemaId } from './wire-format';
import { contextSubject } from './subject-name-strategy';

export interface DeserializerConfig {
  /** Validate JSON payloads against their schema on read (Confluent's `json.fail.invalid.schema`). Default false. */
  validateJson?: boolean;
  /**
   * Accept Protobuf payloads written without message indexes (as @kafkajs/confluent-schema-registry
   * writes them). Only used when the Confluent reading fails. Default true.
   */
  allowProtobufWithoutMessageIndexes?: boolean;
  /** Convert decoded Protobuf messages to plain objects with these options (protobufjs toObject). */
  protobufToObject?: protobuf.IConversionOptions;
  /** Avro reader schema: decode through Avro schema resolution into this schema. */
  avroReaderSchema?: ParsedAvroSchema;
  /** `schema.context.name`: ids are looked up inside this schema context (`?subject=:.ctx:`). */
  contextName?: string;
}

export interface DeserializedValue {
  schemaId: number;
  schemaType: SchemaType;
  value: unknown;
  /** Protobuf: full name of the decoded message. */
  messageName?: string;
}

export class SchemaRegistryDeserializer {
  private readonly loader: SchemaLoader;

  constructor(
    client: SchemaRegistryClient,
    private readonly config: DeserializerConfig = {},
  ) {
    this.loader = new SchemaLoader(client, undefined, contextSubject(config.contextName));
  }

  /** Decodes a Confluent-framed value; non-framed input fails with "Unknown magic byte!". */
  async deserialize(bytes: Uint8Array): Promise<DeserializedValue> {
    const id = readSchemaId(bytes);
    const schema = this.loader.cachedById(id) ?? (await this.loadSchema(id));
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const payload = buf.subarray(HEADER_SIZE);
    switch (schema.schemaType) {
      case 'AVRO':
        return {
          schemaId: id,
          schemaType: 'AVRO',
          value: decodeAvro(schema as ParsedAvroSchema, payload, this.config.avroReaderSchema),
        };
      case 'JSON':
        return {
          schemaId: id,
          schemaType: 'JSON',
          value: decodeJson(schema as ParsedJsonSchema, payload, this.config.validateJson === true),
        };
      case 'PROTOBUF': {
        const pb = schema as ParsedProtobufSchema;
        const { messageName, value } = decodeProtobuf(
          pb,
          payload,
          this.config.allowProtobufWithoutMessageIndexes !== false,
        );
        const out = this.config.protobufToObject
          ? pb.root.lookupType(messageName).toObject(value, this.config.protobufToObject)
          : value;
        return { schemaId: id, schemaType: 'PROTOBUF', value: out, messageName };
      }
    }
  }

  private async loadSchema(id: number) {
    try {
      return await this.loader.loadById(id);
    } catch (e) {
      throw new SerializationError(`Error retrieving schema id ${id}: ${(e as Error).message}`, { cause: e });
    }
  }
}
