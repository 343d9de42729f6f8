// Schemas as stored in one registry, with the two caches every use case shares: rows by id and
// parsed schemas (stored schemas never change; a hard delete forgets its ids in this process).
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SchemaRegistryRepository, type SrSchema } from '@libs/db';
import { resolveReferences, type RegisterSchemaRequest } from '../requests';
import { getSchemaProvider } from '../schema-types';
import type { ParsedSchema, SchemaContract, SchemaReference, SchemaType } from '../types';
import { Lru } from './lru';
import { SrErrors } from './registry-errors';
import { refsOf, type Registry } from './registry-model';

/** JSON with object keys sorted at every level: the same metadata in another key order is the same. */
const stableJson = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(stableJson).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

const hashOf = (
  p: ParsedSchema,
  canonical: string,
  refs: readonly SchemaReference[],
  contract: SchemaContract = {},
): string => {
  // metadata/ruleSet only enter the hash when present, so schemas without them keep their hashes
  const extra =
    contract.metadata || contract.ruleSet
      ? `\u0000${stableJson(contract.metadata ?? null)}\u0000${stableJson(contract.ruleSet ?? null)}`
      : '';
  return createHash('sha256')
    .update(
      `${p.schemaType}\u0000${canonical}\u0000${JSON.stringify(refs.map((r) => [r.name, r.subject, r.version]))}${extra}`,
    )
    .digest('hex');
};

/** Same subject + same (type, canonical form, references, metadata, ruleSet) ⇒ same schema (and id). */
export const identityHash = (p: ParsedSchema, refs: readonly SchemaReference[], contract?: SchemaContract): string =>
  hashOf(p, p.canonical, refs, contract);

/** The identity hash, then the one rows stored before the canonical form changed may hold. */
export const identityHashes = (
  p: ParsedSchema,
  refs: readonly SchemaReference[],
  contract?: SchemaContract,
): string[] =>
  p.legacyCanonical === undefined
    ? [identityHash(p, refs, contract)]
    : [identityHash(p, refs, contract), hashOf(p, p.legacyCanonical, refs, contract)];

@Injectable()
export class StoredSchemas {
  private readonly byId = new Lru<SrSchema>(20_000, 60_000);
  private readonly parsed = new Lru<ParsedSchema>(5_000, 10 * 60_000);

  constructor(private readonly repo: SchemaRegistryRepository) {}

  /** The schema with this id (40403 for an unknown or malformed id). */
  async row(r: Registry, rawId: string | number): Promise<SrSchema> {
    const id = Number(rawId);
    if (!Number.isInteger(id) || id < 0 || id > 2 ** 31 - 1) throw SrErrors.schemaNotFound(String(rawId));
    const key = `${r.scope.organizationId}/${r.id}:${id}`;
    const cached = this.byId.get(key);
    if (cached) return cached;
    const row = await this.repo.getSchema(r.scope, r.id, id);
    if (!row) throw SrErrors.schemaNotFound(id);
    this.byId.set(key, row);
    return row;
  }

  /** A schema given in a request, parsed with its references loaded from this registry. */
  async parseRequest(r: Registry, req: RegisterSchemaRequest): Promise<ParsedSchema> {
    const refs = await resolveReferences(req.references, this.loader(r));
    return getSchemaProvider(req.schemaType).parse(req.schema, refs);
  }

  /** A stored schema, parsed (cached: stored schemas never change). */
  async parseStored(r: Registry, row: SrSchema): Promise<ParsedSchema> {
    const key = `${r.scope.organizationId}/${r.id}:${row.id}`;
    const hit = this.parsed.get(key);
    if (hit) return hit;
    const refs = await resolveReferences(refsOf(row), this.loader(r));
    const parsed = getSchemaProvider(row.schemaType as SchemaType).parse(row.schema, refs);
    this.parsed.set(key, parsed);
    return parsed;
  }

  /**
   * The row among `rows` holding the same schema as `parsed` although its stored identity hash is
   * of the earlier Protobuf form (enums in declaration order): a descriptor of such a schema, whose
   * declaration order is lost, matches neither hash. Compares parsed canonical forms (cached parses).
   */
  async sameUnderEarlierIdentity(
    r: Registry,
    parsed: ParsedSchema,
    refs: readonly SchemaReference[],
    rows: readonly SrSchema[],
  ): Promise<SrSchema | undefined> {
    if (parsed.schemaType !== 'PROTOBUF') return undefined;
    const current = identityHash(parsed, refs);
    const sameRefs = JSON.stringify(refs.map((x) => [x.name, x.subject, x.version]));
    for (const row of rows) {
      if (row.schemaType !== 'PROTOBUF' || row.identityHash === current) continue;
      if (JSON.stringify(refsOf(row).map((x) => [x.name, x.subject, x.version])) !== sameRefs) continue;
      const stored = await this.parseStored(r, row).catch(() => undefined);
      if (stored?.legacyCanonical !== undefined && stored.canonical === parsed.canonical) return row;
    }
    return undefined;
  }

  /** After a hard delete: these ids are no longer served from this process's caches. */
  forget(r: Registry, ids: number[]): void {
    for (const id of ids) {
      this.byId.delete(`${r.scope.organizationId}/${r.id}:${id}`);
      this.parsed.delete(`${r.scope.organizationId}/${r.id}:${id}`);
    }
  }

  /** Loads a referenced version (-1 = latest live). */
  private loader(r: Registry) {
    return async (subject: string, version: number) => {
      const versions = (await this.repo.versionsWithSchemas(r.scope, r.id, subject)).filter((v) => !v.deleted);
      const v = version === -1 ? versions[versions.length - 1] : versions.find((x) => x.version === version);
      return v ? { schema: v.schemaRow.schema, references: refsOf(v.schemaRow) } : undefined;
    };
  }
}
