import type { ParsedAvroSchema, ParsedJsonSchema, ParsedProtobufSchema } from '../schema-types';
import type { ParsedSchema } from '../types';
import { encodeAvro } from './formats/avro-format';
import { encodeJson } from './formats/json-format';
import { encodeProtobuf } from './formats/protobuf-format';
import { SchemaLoader } from './schema-loader';
import type { SchemaInput, SchemaRegistryClient } from './schema-registry-client';
import { SerializationError } from './serdes-errors';
import {
  contextSubject,
  subjectNameStrategyByName,
  topicNameStrategy,
  withContext,
  type SubjectNameStrategy,
} from './subject-name-strategy';
import { encodeHeader } from './wire-format';

export interface SerializerConfig {
  /** `auto.register.schemas` (default true): register the schema on first produce. */
  autoRegisterSchemas?: boolean;
  /** `use.latest.version`: encode with the subject's latest schema instead of the given one. */
  useLatestVersion?: boolean;
  /** `normalize.schemas`: ask the registry to normalize before matching/registering. */
  normalizeSchemas?: boolean;
  /** `key.subject.name.strategy` / `value.subject.name.strategy`: a function or a strategy name. */
  subjectNameStrategy?: SubjectNameStrategy | string;
  /** `schema.context.name`: registers/looks up subjects as `:.ctx:subject`. */
  contextName?: string;
  /** Serializing record keys (`<topic>-key`) rather than values. */
  isKey?: boolean;
}

/** The schema to write with; `messageName` picks a Protobuf message other than the first. */
export interface SerializeSchema extends SchemaInput {
  messageName?: string;
}

/**
 * Confluent-compatible serializer for Avro, Protobuf and JSON Schema. The schema id is resolved
 * once per (schema, subject) and cached; later calls do no I/O.
 */
export class SchemaRegistrySerializer {
  private readonly loader: SchemaLoader;
  private readonly strategy: SubjectNameStrategy;
  // Weak: entries go when the loader's bounded cache lets go of the parsed schema.
  private readonly ids = new WeakMap<ParsedSchema, Map<string, Promise<{ id: number; schema: ParsedSchema }>>>();

  constructor(
    private readonly client: SchemaRegistryClient,
    private readonly config: SerializerConfig = {},
  ) {
    this.loader = new SchemaLoader(client, undefined, contextSubject(config.contextName));
    const s = config.subjectNameStrategy;
    this.strategy = typeof s === 'string' ? subjectNameStrategyByName(s) : (s ?? topicNameStrategy);
  }

  async serialize(topic: string, value: unknown, schema: SerializeSchema): Promise<Buffer> {
    const parsed = await this.loader.loadInput(schema);
    const recordName =
      parsed.schemaType === 'PROTOBUF' && schema.messageName
        ? qualify(parsed as ParsedProtobufSchema, schema.messageName)
        : parsed.recordName;
    const subject = withContext(
      this.strategy({ topic, isKey: this.config.isKey === true, recordName }),
      this.config.contextName,
    );
    const { id, schema: writer } = await this.resolveId(parsed, schema, subject);
    const payload = this.encode(writer, value, schema.messageName);
    return Buffer.concat([encodeHeader(id), payload]);
  }

  private resolveId(
    parsed: ParsedSchema,
    input: SchemaInput,
    subject: string,
  ): Promise<{ id: number; schema: ParsedSchema }> {
    let bySubject = this.ids.get(parsed);
    if (!bySubject) this.ids.set(parsed, (bySubject = new Map()));
    const hit = bySubject.get(subject);
    if (hit) return hit;
    const p = this.fetchId(parsed, input, subject);
    bySubject.set(subject, p);
    p.catch(() => bySubject.delete(subject));
    return p;
  }

  private async fetchId(
    parsed: ParsedSchema,
    input: SchemaInput,
    subject: string,
  ): Promise<{ id: number; schema: ParsedSchema }> {
    const normalize = this.config.normalizeSchemas === true;
    const canonicalInput: SchemaInput = {
      schema: input.schema,
      schemaType: parsed.schemaType,
      references: input.references ?? [],
    };
    try {
      if (this.config.useLatestVersion) {
        const latest = await this.client.getLatest(subject);
        return { id: latest.id, schema: await this.loader.loadById(latest.id) };
      }
      if (this.config.autoRegisterSchemas !== false) {
        return { id: await this.client.register(subject, canonicalInput, { normalize }), schema: parsed };
      }
      const found = await this.client.lookup(subject, canonicalInput, { normalize });
      return { id: found.id, schema: parsed };
    } catch (e) {
      throw new SerializationError(`Error retrieving the schema id for subject ${subject}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  private encode(schema: ParsedSchema, value: unknown, messageName: string | undefined): Buffer {
    switch (schema.schemaType) {
      case 'AVRO':
        return encodeAvro(schema as ParsedAvroSchema, value);
      case 'JSON':
        return encodeJson(schema as ParsedJsonSchema, value);
      case 'PROTOBUF':
        return encodeProtobuf(schema as ParsedProtobufSchema, value, messageName);
    }
  }
}

function qualify(schema: ParsedProtobufSchema, name: string): string {
  if (schema.messageIndexes(name)) return name;
  return schema.file.package ? `${schema.file.package}.${name}` : name;
}
