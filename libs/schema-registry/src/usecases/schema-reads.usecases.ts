// The registry's reads: schemas by id, subjects and their versions, lookup of a schema under a
// subject, references, contexts.
import { Injectable } from '@nestjs/common';
import { SchemaRegistryRepository, type SrSchema } from '@libs/db';
import { parseRegisterRequest, parseVersion } from '../requests';
import type { ParsedProtobufSchema } from '../schema-types/protobuf/protobuf-provider';
import { SrErrors } from './registry-errors';
import {
  normalizePrefix,
  page,
  refsOf,
  schemaView,
  type ListOptions,
  type Registry,
  type SchemaView,
} from './registry-model';
import { identityHash, identityHashes, StoredSchemas } from './stored-schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class SchemaReadUsecases {
  constructor(
    private readonly repo: SchemaRegistryRepository,
    private readonly stored: StoredSchemas,
  ) {}

  // ── schemas by id ──────────────────────────────────────────────────────────────────────────

  schemaRow(r: Registry, rawId: string | number): Promise<SrSchema> {
    return this.stored.row(r, rawId);
  }

  /** GET /schemas/ids/{id}; `withGuid` (the Confluent-Accept-Unknown-Properties header) adds the schema's GUID. */
  async schemaById(r: Registry, rawId: string, format?: string, withGuid = false): Promise<SchemaView> {
    const row = await this.stored.row(r, rawId);
    const { id: _id, ...rest } = await this.formatted(r, row, schemaView(row), format);
    return { ...rest, ...(withGuid && { guid: row.guid }) } as SchemaView;
  }

  /** GET /schemas/guids/{guid}: what serializers writing the GUID in a record header look up (40403 when unknown). */
  async schemaByGuid(r: Registry, guid: string, format?: string): Promise<SchemaView> {
    const row = UUID.test(guid) ? await this.repo.getSchemaByGuid(r.scope, r.id, guid.toLowerCase()) : null;
    if (!row) throw SrErrors.schemaNotFound(guid);
    const view = await this.formatted(r, row, schemaView(row), format);
    return { ...view, guid: row.guid };
  }

  /** The schema text of an id in the `format` asked for (`/schemas/ids/{id}/schema`). */
  async schemaText(r: Registry, rawId: string, format?: string): Promise<string> {
    const row = await this.stored.row(r, rawId);
    return (await this.formatted(r, row, schemaView(row), format)).schema;
  }

  /**
   * `format=serialized` answers a Protobuf schema as base64 of its FileDescriptorProto, as
   * Confluent's registry does for its serializers; every other format (`resolved`,
   * `ignore_extensions`, none) and schema type keeps the stored text.
   */
  private async formatted(
    r: Registry,
    row: SrSchema,
    view: SchemaView,
    format: string | undefined,
  ): Promise<SchemaView> {
    if (format?.trim().toLowerCase() !== 'serialized' || row.schemaType !== 'PROTOBUF') return view;
    const parsed = (await this.stored.parseStored(r, row)) as ParsedProtobufSchema;
    return { ...view, schema: parsed.serialized() };
  }

  async subjectsOfSchema(
    r: Registry,
    rawId: string,
    deleted: boolean,
  ): Promise<{ subject: string; version: number }[]> {
    const row = await this.stored.row(r, rawId);
    const versions = await this.repo.versionsOfSchema(r.scope, r.id, row.id);
    const visible = versions.filter((v) => deleted || !v.deleted);
    if (versions.length === 0) throw SrErrors.schemaNotFound(row.id);
    return visible.map((v) => ({ subject: v.subject, version: v.version }));
  }

  async listSchemas(
    r: Registry,
    opts: ListOptions & { subjectPrefix?: string; latestOnly?: boolean },
  ): Promise<SchemaView[]> {
    const subjects = await this.repo.subjects(r.scope, r.id, {
      includeDeleted: opts.deleted,
      prefix: normalizePrefix(opts.subjectPrefix),
    });
    const out: SchemaView[] = [];
    for (const s of subjects) {
      const versions = (await this.repo.versionsWithSchemas(r.scope, r.id, s)).filter(
        (v) => opts.deleted || !v.deleted,
      );
      const chosen = opts.latestOnly ? versions.slice(-1) : versions;
      for (const v of chosen) out.push(schemaView(v.schemaRow, v));
    }
    return page(out, opts.offset, opts.limit);
  }

  // ── subjects and versions ──────────────────────────────────────────────────────────────────

  async listSubjects(r: Registry, opts: ListOptions & { subjectPrefix?: string }): Promise<string[]> {
    const subjects = await this.repo.subjects(r.scope, r.id, {
      includeDeleted: opts.deleted,
      deletedOnly: opts.deletedOnly,
      prefix: normalizePrefix(opts.subjectPrefix),
    });
    return page(subjects, opts.offset, opts.limit);
  }

  async listVersions(r: Registry, subject: string, opts: ListOptions): Promise<number[]> {
    const all = await this.repo.versions(r.scope, r.id, subject);
    const visible = all.filter((v) => (opts.deletedOnly ? v.deleted : opts.deleted || !v.deleted));
    if (visible.length === 0 && !(opts.deletedOnly && all.length > 0)) throw SrErrors.subjectNotFound(subject);
    return page(
      visible.map((v) => v.version),
      opts.offset,
      opts.limit,
    );
  }

  /** One version (`latest` = newest visible), 40401/40402/42202 as Confluent. */
  async getVersion(
    r: Registry,
    subject: string,
    rawVersion: string,
    deleted = false,
    format?: string,
  ): Promise<SchemaView> {
    const version = parseVersion(rawVersion);
    const all = await this.repo.versionsWithSchemas(r.scope, r.id, subject);
    const visible = all.filter((v) => deleted || !v.deleted);
    if (visible.length === 0) throw SrErrors.subjectNotFound(subject);
    const found = version === 'latest' ? visible[visible.length - 1] : visible.find((v) => v.version === version);
    if (!found) throw SrErrors.versionNotFound(rawVersion);
    return this.formatted(r, found.schemaRow, schemaView(found.schemaRow, found), format);
  }

  async referencedBy(r: Registry, subject: string, rawVersion: string): Promise<number[]> {
    const v = await this.getVersion(r, subject, rawVersion, true);
    return this.repo.referencedBy(r.scope, r.id, subject, v.version as number);
  }

  /** POST /subjects/{s}: the version of this subject holding the same schema. */
  async lookup(r: Registry, subject: string, body: unknown, deleted: boolean, format?: string): Promise<SchemaView> {
    const versions = (await this.repo.versionsWithSchemas(r.scope, r.id, subject)).filter((v) => deleted || !v.deleted);
    if (versions.length === 0) throw SrErrors.subjectNotFound(subject);
    const req = parseRegisterRequest(body);
    const parsed = await this.stored.parseRequest(r, req);
    const hashes = identityHashes(parsed, req.references, req);
    let found =
      versions.find((v) => v.schemaRow.identityHash === hashes[0]) ??
      versions.find((v) => hashes.includes(v.schemaRow.identityHash));
    if (!found) {
      const earlier = await this.stored.sameUnderEarlierIdentity(
        r,
        parsed,
        req.references,
        versions.map((v) => v.schemaRow),
      );
      found = earlier && versions.find((v) => v.schemaRow.id === earlier.id);
    }
    if (!found && !req.metadata && !req.ruleSet) found = await this.sameIgnoringContract(r, versions, hashes[0]!);
    if (!found) throw SrErrors.schemaNotFound();
    return this.formatted(r, found.schemaRow, schemaView(found.schemaRow, found), format);
  }

  /**
   * A lookup giving no metadata or rules matches a version that has them (as Confluent's registry,
   * which fills them in from the subject before matching): the newest version whose schema and
   * references alone hash to `plainHash`.
   */
  private async sameIgnoringContract<V extends { schemaRow: SrSchema }>(
    r: Registry,
    versions: V[],
    plainHash: string,
  ): Promise<V | undefined> {
    for (const v of [...versions].reverse()) {
      if (v.schemaRow.metadata === null && v.schemaRow.ruleSet === null) continue;
      const stored = await this.stored.parseStored(r, v.schemaRow).catch(() => undefined);
      // the hash covers the type, canonical form and references
      if (stored && identityHash(stored, refsOf(v.schemaRow)) === plainHash) return v;
    }
    return undefined;
  }

  // ── contexts ───────────────────────────────────────────────────────────────────────────────

  async contexts(r: Registry): Promise<string[]> {
    const subjects = await this.repo.subjects(r.scope, r.id, {});
    const found = new Set<string>(['.']);
    for (const s of subjects) {
      const m = /^:(\.[^:]*):/.exec(s);
      if (m) found.add(m[1] as string);
    }
    return [...found].sort();
  }
}
