import { SchemaRegistryError } from '../errors';
import type { RegisteredSchema, SchemaInput, SchemaRegistryClient } from './schema-registry-client';

export interface HttpSchemaRegistryClientOptions {
  /** e.g. `https://psrc-xxxx.us-east-2.aws.confluent.cloud` (no trailing path needed). */
  baseUrl: string;
  /** SR API key + secret, sent as HTTP Basic (`basic.auth.user.info`). */
  auth?: { username: string; password: string };
  headers?: Record<string, string>;
  /** Injected for tests; defaults to global fetch. */
  fetch?: typeof fetch;
  /** How long `getLatest` answers from cache; 0 (default) = always ask. */
  latestCacheTtlMs?: number;
  /** Bound on each cache (entries); oldest entries are evicted first. Default 10,000. */
  maxCacheEntries?: number;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** Map with insertion-order eviction, enough to bound memory for id/subject caches. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}

function body(schema: SchemaInput): string {
  return JSON.stringify({
    schema: schema.schema,
    // Confluent clients omit AVRO: older registries reject the field.
    ...(schema.schemaType && schema.schemaType !== 'AVRO' ? { schemaType: schema.schemaType } : {}),
    ...(schema.references?.length ? { references: schema.references } : {}),
  });
}

function schemaKey(subject: string, schema: SchemaInput, normalize: boolean): string {
  const refs = schema.references?.length ? JSON.stringify(schema.references) : '';
  return `${normalize ? 'n' : 'r'}\u0000${subject}\u0000${schema.schemaType ?? 'AVRO'}\u0000${refs}\u0000${schema.schema}`;
}

/**
 * Confluent Schema Registry REST client with the caches Confluent's CachedSchemaRegistryClient
 * keeps: id → schema (ids are immutable) and (subject, schema) → id / lookup result.
 */
export class HttpSchemaRegistryClient implements SchemaRegistryClient {
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly doFetch: typeof fetch;
  private readonly byId: BoundedMap<string, Promise<RegisteredSchema>>;
  private readonly idBySchema: BoundedMap<string, Promise<number>>;
  private readonly lookupBySchema: BoundedMap<string, Promise<RegisteredSchema>>;
  private readonly byVersion: BoundedMap<string, Promise<RegisteredSchema>>;
  private readonly latest = new Map<string, { at: number; value: Promise<RegisteredSchema> }>();

  constructor(private readonly options: HttpSchemaRegistryClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.headers = {
      Accept: `${CONTENT_TYPE}, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5`,
      ...options.headers,
    };
    if (options.auth) {
      this.headers.Authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
    }
    this.doFetch = options.fetch ?? fetch;
    const max = options.maxCacheEntries ?? 10_000;
    this.byId = new BoundedMap(max);
    this.idBySchema = new BoundedMap(max);
    this.lookupBySchema = new BoundedMap(max);
    this.byVersion = new BoundedMap(max);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, payload?: string): Promise<T> {
    const res = await this.doFetch(`${this.baseUrl}${path}`, {
      method,
      headers: payload === undefined ? this.headers : { ...this.headers, 'Content-Type': CONTENT_TYPE },
      body: payload,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const err = json as { error_code?: unknown; message?: unknown } | undefined;
      const code = typeof err?.error_code === 'number' ? err.error_code : res.status;
      const message =
        typeof err?.message === 'string'
          ? err.message
          : `HTTP ${res.status} from Schema Registry: ${text.slice(0, 200)}`;
      throw new SchemaRegistryError(code, message);
    }
    return json as T;
  }

  /** Caches a promise, dropping it again if it rejects so errors are not cached. */
  private cached<K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
    const hit = cache.get(key);
    if (hit) return hit;
    const p = load();
    cache.set(key, p);
    p.catch(() => {
      if (cache.get(key) === p) cache.delete(key);
    });
    return p;
  }

  getSchemaById(id: number, subject?: string): Promise<RegisteredSchema> {
    return this.cached(this.byId, `${id}\u0000${subject ?? ''}`, async () => {
      const q = subject ? `?subject=${encodeURIComponent(subject)}` : '';
      const r = await this.request<RegisteredSchema>('GET', `/schemas/ids/${id}${q}`);
      return { ...r, id, schemaType: r.schemaType ?? 'AVRO' };
    });
  }

  register(subject: string, schema: SchemaInput, options?: { normalize?: boolean }): Promise<number> {
    const normalize = options?.normalize === true;
    return this.cached(this.idBySchema, schemaKey(subject, schema, normalize), async () => {
      const q = normalize ? '?normalize=true' : '';
      const r = await this.request<{ id: number }>(
        'POST',
        `/subjects/${encodeURIComponent(subject)}/versions${q}`,
        body(schema),
      );
      // The id now names this text: fill the id cache so our own deserializer needs no round trip.
      if (!this.byId.has(`${r.id}\u0000`))
        this.byId.set(
          `${r.id}\u0000`,
          Promise.resolve({ ...schema, schemaType: schema.schemaType ?? 'AVRO', id: r.id }),
        );
      return r.id;
    });
  }

  lookup(subject: string, schema: SchemaInput, options?: { normalize?: boolean }): Promise<RegisteredSchema> {
    const normalize = options?.normalize === true;
    return this.cached(this.lookupBySchema, schemaKey(subject, schema, normalize), async () => {
      const q = normalize ? '?normalize=true' : '';
      const r = await this.request<RegisteredSchema>(
        'POST',
        `/subjects/${encodeURIComponent(subject)}${q}`,
        body(schema),
      );
      return { ...r, schemaType: r.schemaType ?? 'AVRO' };
    });
  }

  getVersion(subject: string, version: number | 'latest'): Promise<RegisteredSchema> {
    if (version === 'latest') return this.getLatest(subject);
    return this.cached(this.byVersion, `${subject}\u0000${version}`, () => this.fetchVersion(subject, String(version)));
  }

  getLatest(subject: string): Promise<RegisteredSchema> {
    const ttl = this.options.latestCacheTtlMs ?? 0;
    const hit = this.latest.get(subject);
    if (hit && Date.now() - hit.at < ttl) return hit.value;
    const value = this.fetchVersion(subject, 'latest');
    if (ttl > 0) {
      this.latest.set(subject, { at: Date.now(), value });
      value.catch(() => this.latest.delete(subject));
    }
    return value;
  }

  private async fetchVersion(subject: string, version: string): Promise<RegisteredSchema> {
    const r = await this.request<RegisteredSchema>(
      'GET',
      `/subjects/${encodeURIComponent(subject)}/versions/${version}`,
    );
    return { ...r, schemaType: r.schemaType ?? 'AVRO' };
  }
}
