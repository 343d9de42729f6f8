// Confluent's Schema Registry converters (AvroConverter, JsonSchemaConverter, ProtobufConverter)
// on top of @libs/schema-registry: Connect schema ⇄ registry schema, Confluent wire format,
// subject `<topic>-value` / `<topic>-key` (TopicNameStrategy by default), auto-registration.
//
// The Converter SPI is synchronous but registering a schema or fetching one by id is I/O, so each
// converter has async twins `fromConnectDataAsync` / `toConnectDataAsync` that do the registry
// calls and then the same work as the sync methods. The sync methods succeed once the schema/id
// involved is cached (after the first async call for it) and otherwise throw a
// RetriableException. Runtimes should call `serializeWith` / `deserializeWith` (async-converter.ts).
import {
  ConfigDef,
  DataException,
  NULL_SCHEMA_AND_VALUE,
  RetriableException,
  type SchemaAndValue,
  type ConnectHeaders,
  type Schema,
} from '@libs/connect-spi';
import {
  getSchemaProvider,
  HttpSchemaRegistryClient,
  encodeHeader,
  HEADER_SIZE,
  readSchemaId,
  SchemaLoader,
  subjectNameStrategyByName,
  topicNameStrategy,
  withContext,
  type ParsedSchema,
  type SchemaRegistryClient,
  type SchemaType,
  type SubjectNameStrategy,
} from '@libs/schema-registry';
import type { AsyncConverter } from '../async-converter';

const clients = new Map<string, SchemaRegistryClient>();

/** One HTTP client (and so one cache) per registry URL + credentials in the process. */
export function sharedRegistryClient(url: string, userInfo?: string): SchemaRegistryClient {
  const key = `${url}\u0000${userInfo ?? ''}`;
  let c = clients.get(key);
  if (!c) {
    let auth: { username: string; password: string } | undefined;
    if (userInfo) {
      const i = userInfo.indexOf(':');
      auth = { username: i < 0 ? userInfo : userInfo.slice(0, i), password: i < 0 ? '' : userInfo.slice(i + 1) };
    }
    c = new HttpSchemaRegistryClient({ baseUrl: url.split(',')[0].trim(), auth });
    clients.set(key, c);
  }
  return c;
}

/** Registry schema of one format, plus how values move between Connect and it. */
export interface FormatCodec {
  readonly schemaType: SchemaType;
  /** Connect schema → registry schema text (and, for Protobuf, the message to write). */
  schemaFor(schema: Schema): { text: string; messageName?: string };
  /** Encodes the payload (after the 5-byte header) for a parsed registry schema. */
  encode(parsed: ParsedSchema, schema: Schema, value: unknown, messageName?: string): Buffer;
  /** Optional: `header` then the payload, written into one buffer (a copy less per record). */
  encodeFramed?(header: Buffer, parsed: ParsedSchema, schema: Schema, value: unknown, messageName?: string): Buffer;
  /** Decodes a payload into Connect data, given the writer schema. */
  decode(parsed: ParsedSchema, payload: Buffer): SchemaAndValue;
}

interface Writer {
  id: number;
  parsed: ParsedSchema;
  messageName?: string;
  /** The wire-format header for `id`, made once: codecs copy it, never keep it. */
  header: Buffer;
}

export abstract class SchemaRegistryConverter implements AsyncConverter {
  protected client: SchemaRegistryClient | null = null;
  protected isKey = false;
  private autoRegister = true;
  private useLatest = false;
  private strategy: SubjectNameStrategy = topicNameStrategy;
  private context: string | undefined;
  private loader: SchemaLoader | null = null;
  // Connect schema (by identity) → subject → writer
  private readonly writers = new WeakMap<Schema, Map<string, Writer>>();
  private readonly writersByText = new Map<string, Writer>();
  // ids this converter registered or loaded (ids are immutable): sync reads after writes
  private readonly byId = new Map<number, ParsedSchema>();

  protected abstract readonly codec: FormatCodec;

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    this.isKey = isKey;
    const injected = configs['schema.registry.client'];
    if (injected && typeof injected === 'object') this.client = injected as SchemaRegistryClient;
    else {
      const url = configs['schema.registry.url'];
      if (typeof url !== 'string' || url === '')
        throw new DataException('Missing Schema Registry url: schema.registry.url is required');
      const userInfo = configs['basic.auth.user.info'] ?? configs['schema.registry.basic.auth.user.info'];
      this.client = sharedRegistryClient(url, typeof userInfo === 'string' && userInfo !== '' ? userInfo : undefined);
    }
    this.loader = new SchemaLoader(this.client);
    this.autoRegister = String(configs['auto.register.schemas'] ?? 'true') !== 'false';
    this.useLatest = String(configs['use.latest.version'] ?? 'false') === 'true';
    const strat = configs[isKey ? 'key.subject.name.strategy' : 'value.subject.name.strategy'];
    if (typeof strat === 'string' && strat !== '') this.strategy = subjectNameStrategyByName(strat);
    const ctx = configs['schema.context.name'];
    this.context = typeof ctx === 'string' && ctx !== '' && ctx !== 'default' ? ctx : undefined;
  }

  config(): ConfigDef {
    return new ConfigDef()
      .define({ name: 'schema.registry.url', type: 'LIST', importance: 'HIGH', documentation: 'Schema Registry URL.' })
      .define({
        name: 'auto.register.schemas',
        type: 'BOOLEAN',
        defaultValue: true,
        importance: 'MEDIUM',
        documentation: 'Register new schemas.',
      })
      .define({
        name: 'use.latest.version',
        type: 'BOOLEAN',
        defaultValue: false,
        importance: 'LOW',
        documentation: "Use the subject's latest schema.",
      });
  }

  private subject(topic: string, recordName: string | undefined): string {
    return withContext(this.strategy({ topic, isKey: this.isKey, recordName }), this.context);
  }

  private cachedWriter(topic: string, schema: Schema): Writer | undefined {
    return this.writers.get(schema)?.get(topic);
  }

  private async writerFor(topic: string, schema: Schema): Promise<Writer> {
    const hit = this.cachedWriter(topic, schema);
    if (hit) return hit;
    const client = this.requireClient();
    const { text, messageName } = this.codec.schemaFor(schema);
    const textKey = `${topic}\u0000${text}`;
    let w = this.writersByText.get(textKey);
    if (!w) {
      const parsed = getSchemaProvider(this.codec.schemaType).parse(text, []);
      const subject = this.subject(topic, messageName ?? parsed.recordName);
      let id: number;
      let writerParsed = parsed;
      try {
        if (this.useLatest) {
          const latest = await client.getLatest(subject);
          id = latest.id;
          writerParsed = await (this.loader as SchemaLoader).loadById(id);
        } else if (this.autoRegister) {
          id = await client.register(subject, { schema: text, schemaType: this.codec.schemaType, references: [] });
        } else {
          id = (await client.lookup(subject, { schema: text, schemaType: this.codec.schemaType, references: [] })).id;
        }
      } catch (e) {
        throw new DataException(
          `Failed to access ${this.codec.schemaType} schema for subject ${subject}: ${(e as Error).message}`,
          { cause: e },
        );
      }
      w = { id, parsed: writerParsed, messageName, header: encodeHeader(id) };
      this.byId.set(id, writerParsed);
      if (this.writersByText.size > 1000) this.writersByText.clear();
      this.writersByText.set(textKey, w);
    }
    let bySubject = this.writers.get(schema);
    if (!bySubject) this.writers.set(schema, (bySubject = new Map()));
    bySubject.set(topic, w);
    return w;
  }

  private requireClient(): SchemaRegistryClient {
    if (!this.client) throw new DataException('Converter is not configured');
    return this.client;
  }

  private encodeWith(w: Writer, topic: string, schema: Schema, value: unknown): Buffer {
    try {
      return this.codec.encodeFramed
        ? this.codec.encodeFramed(w.header, w.parsed, schema, value, w.messageName)
        : Buffer.concat([w.header, this.codec.encode(w.parsed, schema, value, w.messageName)]);
    } catch (e) {
      if (e instanceof DataException) throw e;
      throw new DataException(
        `Failed to serialize ${this.codec.schemaType} data for topic ${topic}: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }

  fromConnectData(
    topic: string,
    _headers: ConnectHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Buffer | null {
    if (value === null || value === undefined) return null;
    if (!schema) throw new DataException(`${this.codec.schemaType} converter requires a schema`);
    const w = this.cachedWriter(topic, schema);
    if (!w) throw new RetriableException(`Schema for topic ${topic} is not registered yet; use fromConnectDataAsync`);
    return this.encodeWith(w, topic, schema, value);
  }

  /** Synchronous once the writer schema is cached (AsyncConverter). */
  fromConnectDataAsync(
    topic: string,
    _headers: ConnectHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Buffer | null | Promise<Buffer | null> {
    if (value === null || value === undefined) return null;
    if (!schema) throw new DataException(`${this.codec.schemaType} converter requires a schema`);
    const w = this.cachedWriter(topic, schema);
    if (w) return this.encodeWith(w, topic, schema, value);
    return this.writerFor(topic, schema).then((loaded) => this.encodeWith(loaded, topic, schema, value));
  }

  private split(topic: string, value: Uint8Array): { id: number; payload: Buffer } {
    let id: number;
    try {
      id = readSchemaId(value);
    } catch (e) {
      throw new DataException((e as Error).message, { cause: e });
    }
    const buf = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    void topic;
    return { id, payload: buf.subarray(HEADER_SIZE) };
  }

  private decodeWith(parsed: ParsedSchema, topic: string, payload: Buffer): SchemaAndValue {
    if (parsed.schemaType !== this.codec.schemaType)
      throw new DataException(
        `Schema of type ${parsed.schemaType} cannot be read by the ${this.codec.schemaType} converter (topic ${topic})`,
      );
    try {
      return this.codec.decode(parsed, payload);
    } catch (e) {
      if (e instanceof DataException) throw e;
      throw new DataException(
        `Failed to deserialize ${this.codec.schemaType} data for topic ${topic}: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }

  toConnectData(topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    const { id, payload } = this.split(topic, value);
    const parsed = this.byId.get(id) ?? this.loader?.cachedById(id);
    if (!parsed) throw new RetriableException(`Schema id ${id} is not loaded yet; use toConnectDataAsync`);
    return this.decodeWith(parsed, topic, payload);
  }

  /** Synchronous once the schema id is cached (AsyncConverter). */
  toConnectDataAsync(
    topic: string,
    _headers: ConnectHeaders | null,
    value: Uint8Array | null,
  ): SchemaAndValue | Promise<SchemaAndValue> {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    const { id, payload } = this.split(topic, value);
    const loader = this.loader;
    if (!loader) throw new DataException('Converter is not configured');
    const parsed = this.byId.get(id) ?? loader.cachedById(id);
    if (parsed) return this.decodeWith(parsed, topic, payload);
    return loader.loadById(id).then(
      (loaded) => this.decodeWith(loaded, topic, payload),
      (e: unknown) => {
        throw new DataException(`Failed to retrieve schema id ${id}: ${(e as Error).message}`, { cause: e });
      },
    );
  }
}
