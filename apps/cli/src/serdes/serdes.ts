// Record values and keys for `kafka topic produce/consume --value-format`: plain strings, or Avro
// and JSON Schema through the Schema Registry (schemas fetched by id once, registered under the
// topic's TopicNameStrategy subject when producing).
import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { CliError } from '../errors';
import type { ApiClient } from '../http/api-client';
import { frame, unframe } from './wire-format';
import { decodeProtobuf, encodeProtobuf, protobufRoot } from './protobuf';
import type protobuf from 'protobufjs';

import { needsSchemaRegistry, type DataFormat } from './formats';

const SCHEMA_TYPE: Partial<Record<DataFormat, string>> = { avro: 'AVRO', jsonschema: 'JSON', protobuf: 'PROTOBUF' };

interface SchemaReference {
  name: string;
  subject: string;
  version: number | string;
}

/** An Avro type whose schema may use named types of its references (parsed first, depth first). */
async function avroType(
  registry: ApiClient,
  schema: string,
  references: unknown[] | undefined,
  types: Record<string, avro.Type> = {},
): Promise<avro.Type> {
  for (const ref of (references ?? []) as SchemaReference[]) {
    const path = `/subjects/${encodeURIComponent(ref.subject)}/versions/${ref.version}`;
    const referenced = (await registry.get<{ schema: string; references?: SchemaReference[] }>(path)).body;
    await avroType(registry, referenced.schema, referenced.references, types);
  }
  return avro.Type.forSchema(JSON.parse(schema) as avro.Schema, { registry: types });
}

export class Deserializer {
  private readonly types = new Map<number, avro.Type>();

  /** `?subject=:.<ctx>:` on id lookups: `consume --schema-registry-context`. */
  private readonly idQuery: string;

  constructor(
    private readonly format: DataFormat,
    private readonly registry?: ApiClient,
    context?: string,
  ) {
    this.idQuery = context ? `?subject=${encodeURIComponent(`:.${context.replace(/^[:.]+|:+$/g, '')}:`)}` : '';
  }

  async decode(buf: Buffer | null): Promise<string> {
    if (buf === null) return 'null';
    switch (this.format) {
      case 'string':
        return buf.toString('utf8');
      case 'integer':
        return buf.length === 4 ? String(buf.readInt32BE(0)) : buf.toString('utf8');
      case 'double':
        return buf.length === 8 ? String(buf.readDoubleBE(0)) : buf.toString('utf8');
      case 'jsonschema':
        return unframe(buf).payload.toString('utf8');
      case 'avro': {
        const { schemaId, payload } = unframe(buf);
        const type = await this.avroType(schemaId);
        return JSON.stringify(jsonOf(type.fromBuffer(payload)));
      }
      case 'protobuf': {
        const { schemaId, payload } = unframe(buf);
        return JSON.stringify(decodeProtobuf(await this.protoRoot(schemaId), payload));
      }
    }
  }

  private readonly roots = new Map<number, protobuf.Root>();

  private async protoRoot(id: number): Promise<protobuf.Root> {
    let root = this.roots.get(id);
    if (!root) {
      root = protobufRoot(
        (await this.registry!.get<{ schema: string }>(`/schemas/ids/${id}${this.idQuery}`)).body.schema,
      );
      this.roots.set(id, root);
    }
    return root;
  }

  private async avroType(id: number): Promise<avro.Type> {
    let type = this.types.get(id);
    if (!type) {
      const res = await this.registry!.get<{ schema: string; references?: SchemaReference[] }>(
        `/schemas/ids/${id}${this.idQuery}`,
      );
      type = await avroType(this.registry!, res.body.schema, res.body.references);
      this.types.set(id, type);
    }
    return type;
  }
}

/** Avro values as plain JSON (Buffers as strings, Longs as numbers), the shape `confluent` prints. */
function jsonOf(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (Array.isArray(v)) return v.map(jsonOf);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonOf(x)]));
  return v;
}

export class Serializer {
  private schemaId?: number;
  private type?: avro.Type;
  private root?: protobuf.Root;

  constructor(
    private readonly format: DataFormat,
    private readonly registry?: ApiClient,
  ) {}

  /**
   * Registers the schema file under `subject` (with `--references`, the `[{name, subject, version}]`
   * it refers to); returns its id (printed by produce).
   */
  async register(schemaPath: string | undefined, subject: string, references?: unknown[]): Promise<number | undefined> {
    if (!needsSchemaRegistry(this.format)) return undefined;
    if (!schemaPath) throw new CliError(`\`--schema\` is required for --value-format ${this.format}`);
    let schema: string;
    if (/^\d+$/.test(schemaPath)) {
      const res = await this.registry!.get<{ schema: string; references?: unknown[] }>(`/schemas/ids/${schemaPath}`);
      schema = res.body.schema;
      references ??= res.body.references;
      this.schemaId = Number(schemaPath);
    } else {
      schema = readFileSync(schemaPath, 'utf8');
      const res = await this.registry!.request<{ id: number }>(
        'POST',
        `/subjects/${encodeURIComponent(subject)}/versions`,
        { schema, schemaType: SCHEMA_TYPE[this.format], ...(references?.length && { references }) },
      );
      this.schemaId = res.body.id;
    }
    if (this.format === 'avro') this.type = await avroType(this.registry!, schema, references);
    if (this.format === 'protobuf') this.root = protobufRoot(schema);
    return this.schemaId;
  }

  encode(text: string): Buffer {
    switch (this.format) {
      case 'string':
        return Buffer.from(text, 'utf8');
      case 'integer': {
        const b = Buffer.alloc(4);
        b.writeInt32BE(Number(text));
        return b;
      }
      case 'double': {
        const b = Buffer.alloc(8);
        b.writeDoubleBE(Number(text));
        return b;
      }
      case 'jsonschema':
        return frame(this.schemaId!, Buffer.from(JSON.stringify(JSON.parse(text)), 'utf8'));
      case 'avro':
        return frame(this.schemaId!, this.type!.toBuffer(this.type!.fromString(text)));
      case 'protobuf':
        return frame(this.schemaId!, encodeProtobuf(this.root!, text));
    }
  }
}
