import { getSchemaProvider } from '../schema-types';
import type { ParsedSchema, ResolvedReference, SchemaReference } from '../types';
import type { SchemaInput, SchemaRegistryClient } from './schema-registry-client';

/**
 * Turns registry schemas (by id, or given by the producer) into parsed schemas, fetching
 * references through the client and caching the results: ids are immutable, so an id's parsed
 * schema never goes stale.
 */
export class SchemaLoader {
  private readonly byId = new Map<number, ParsedSchema>();
  private readonly pendingById = new Map<number, Promise<ParsedSchema>>();
  private readonly byInput = new WeakMap<SchemaInput, Promise<ParsedSchema>>();
  private readonly byText = new Map<string, Promise<ParsedSchema>>();

  /**
   * `maxTextEntries` bounds the by-text parse cache for producers that keep inventing schemas.
   * `idSubject` (e.g. `:.ctx:`) is passed with id lookups so ids resolve inside a schema context.
   */
  constructor(
    private readonly client: SchemaRegistryClient,
    private readonly maxTextEntries = 1000,
    private readonly idSubject?: string,
  ) {}

  /** Synchronous cache hit for the hot path; undefined when not loaded yet. */
  cachedById(id: number): ParsedSchema | undefined {
    return this.byId.get(id);
  }

  loadById(id: number): Promise<ParsedSchema> {
    const hit = this.byId.get(id);
    if (hit) return Promise.resolve(hit);
    let pending = this.pendingById.get(id);
    if (!pending) {
      pending = (async () => {
        const s = await this.client.getSchemaById(id, this.idSubject);
        const parsed = await this.parse(s);
        this.byId.set(id, parsed);
        return parsed;
      })();
      this.pendingById.set(id, pending);
      pending.then(
        () => this.pendingById.delete(id),
        () => this.pendingById.delete(id),
      );
    }
    return pending;
  }

  /** Parses a producer-side schema; cached per input object and per text. */
  loadInput(input: SchemaInput): Promise<ParsedSchema> {
    const hit = this.byInput.get(input);
    if (hit) return hit;
    const key = `${input.schemaType ?? 'AVRO'}\u0000${JSON.stringify(input.references ?? [])}\u0000${input.schema}`;
    let p = this.byText.get(key);
    if (!p) {
      p = this.parse(input);
      if (this.byText.size >= this.maxTextEntries) {
        const oldest = this.byText.keys().next();
        if (!oldest.done) this.byText.delete(oldest.value);
      }
      this.byText.set(key, p);
      p.catch(() => this.byText.delete(key));
    }
    this.byInput.set(input, p);
    return p;
  }

  private async parse(s: SchemaInput): Promise<ParsedSchema> {
    const refs = await this.resolveReferences(s.references ?? [], 0);
    return getSchemaProvider(s.schemaType).parse(s.schema, refs);
  }

  private async resolveReferences(refs: readonly SchemaReference[], depth: number): Promise<ResolvedReference[]> {
    if (depth > 32) throw new Error('Schema references nested too deeply');
    return Promise.all(
      refs.map(async (r) => {
        const target = await this.client.getVersion(r.subject, r.version);
        return {
          name: r.name,
          subject: r.subject,
          version: r.version,
          schema: target.schema,
          references: await this.resolveReferences(target.references ?? [], depth + 1),
        };
      }),
    );
  }
}
