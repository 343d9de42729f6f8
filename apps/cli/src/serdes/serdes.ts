// Record values and keys for `kafka topic produce/consume --value-format`: plain strings, or Avro
// and JSON Schema through the Schema Registry (schemas fetched by id once, registered under the
// topic's TopicNameStrategy subject when producing).
import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { CliError } from '../errors';
import type { ApiClient } from '../http/api-client';
import { frame, guidHeader, parseSchemaIdHeader, unframe } from './wire-format';
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

/** The header with which the registry also answers a schema's GUID (Confluent Cloud leaves it out otherwise). */
const WITH_GUID = { 'confluent-accept-unknown-properties': 'true' };

export class Deserializer {
  private readonly types = new Map<string, avro.Type>();

  /** `?subject=:.<ctx>:` on id lookups: `consume --schema-registry-context`. */
  private readonly idQuery: string;

  constructor(
    private readonly format: DataFormat,
    private readonly registry?: ApiClient,
    context?: string,
  ) {
    this.idQuery = context ? `?subject=${encodeURIComponent(`:.${context.replace(/^[:.]+|:+$/g, '')}:`)}` : '';
  }

  /** A record's key or value; `schemaIdHeader` is its `__key_schema_id` / `__value_schema_id` header, when it has one. */
  async decode(buf: Buffer | null, schemaIdHeader?: Buffer): Promise<string> {
    if (buf === null) return 'null';
    switch (this.format) {
      case 'string':
        return buf.toString('utf8');
      case 'integer':
        return buf.length === 4 ? String(buf.readInt32BE(0)) : buf.toString('utf8');
      case 'double':
        return buf.length === 8 ? String(buf.readDoubleBE(0)) : buf.toString('utf8');
      case 'jsonschema':
        return this.located(buf, schemaIdHeader).payload.toString('utf8');
      case 'avro': {
        const { path, payload } = this.located(buf, schemaIdHeader);
        const type = await this.avroType(path);
        return JSON.stringify(jsonOf(type.fromBuffer(payload)));
      }
      case 'protobuf': {
        const { path, payload } = this.located(buf, schemaIdHeader);
        return JSON.stringify(decodeProtobuf(await this.protoRoot(path), payload));
      }
    }
  }

  /**
   * Where the record's schema is read (by id, or by GUID from a header) and its payload; with a
   * header the Protobuf message indexes follow the GUID there, so they are put back in front.
   */
  private located(buf: Buffer, header: Buffer | undefined): { path: string; payload: Buffer } {
    if (!header) {
      const { schemaId, payload } = unframe(buf);
      return { path: `/schemas/ids/${schemaId}${this.idQuery}`, payload };
    }
    const h = parseSchemaIdHeader(header);
    return {
      path: h.guid ? `/schemas/guids/${h.guid}` : `/schemas/ids/${h.schemaId}${this.idQuery}`,
      payload: h.rest.length ? Buffer.concat([h.rest, buf]) : buf,
    };
  }

  private readonly roots = new Map<string, protobuf.Root>();

  private async protoRoot(path: string): Promise<protobuf.Root> {
    let root = this.roots.get(path);
    if (!root) {
      root = protobufRoot((await this.registry!.get<{ schema: string }>(path)).body.schema);
      this.roots.set(path, root);
    }
    return root;
  }

  private async avroType(path: string): Promise<avro.Type> {
    let type = this.types.get(path);
    if (!type) {
      const res = await this.registry!.get<{ schema: string; references?: SchemaReference[] }>(path);
      type = await avroType(this.registry!, res.body.schema, res.body.references);
      this.types.set(path, type);
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
  private guid?: string;
  private type?: avro.Type;
  private root?: protobuf.Root;

  /** `inHeader` (`--schema-id-header`): the schema's GUID goes in a record header, the value has no prefix. */
  constructor(
    private readonly format: DataFormat,
    private readonly registry?: ApiClient,
    private readonly inHeader = false,
  ) {}

  /**
   * Registers the schema file under `subject` (with `--references`, the `[{name, subject, version}]`
   * it refers to); returns its id (printed by produce).
   */
  async register(schemaPath: string | undefined, subject: string, references?: unknown[]): Promise<number | undefined> {
    if (!needsSchemaRegistry(this.format)) return undefined;
    if (!schemaPath) throw new CliError(`\`--schema\` is required for --value-format ${this.format}`);
    let schema: string;
    const headers = this.inHeader ? WITH_GUID : undefined;
    if (/^\d+$/.test(schemaPath)) {
      const res = await this.registry!.get<{ schema: string; references?: unknown[]; guid?: string }>(
        `/schemas/ids/${schemaPath}`,
        { headers },
      );
      schema = res.body.schema;
      references ??= res.body.references;
      this.schemaId = Number(schemaPath);
      this.guid = res.body.guid;
    } else {
      schema = readFileSync(schemaPath, 'utf8');
      const res = await this.registry!.request<{ id: number; guid?: string }>(
        'POST',
        `/subjects/${encodeURIComponent(subject)}/versions`,
        { schema, schemaType: SCHEMA_TYPE[this.format], ...(references?.length && { references }) },
        { headers },
      );
      this.schemaId = res.body.id;
      this.guid = res.body.guid;
    }
    if (this.inHeader && !this.guid)
      throw new CliError('`--schema-id-header` needs the schema GUID, which the Schema Registry did not return');
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
        return this.framed(Buffer.from(JSON.stringify(JSON.parse(text)), 'utf8'));
      case 'avro':
        return this.framed(this.type!.toBuffer(this.type!.fromString(text)));
      case 'protobuf': {
        // with the id in a header, the message indexes (the leading 0) go there after the GUID
        const encoded = encodeProtobuf(this.root!, text);
        return this.inHeader ? encoded.subarray(1) : frame(this.schemaId!, encoded);
      }
    }
  }

  private framed(payload: Buffer): Buffer {
    return this.inHeader ? payload : frame(this.schemaId!, payload);
  }

  /** `--schema-id-header`: the header value naming the schema (undefined without a schema or the flag). */
  schemaIdHeader(): Buffer | undefined {
    if (!this.inHeader || !this.guid) return undefined;
    return guidHeader(this.guid, this.format === 'protobuf' ? Buffer.from([0]) : undefined);
  }
}
