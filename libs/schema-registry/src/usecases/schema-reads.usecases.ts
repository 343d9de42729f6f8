// The registry's reads: schemas by id, subjects and their versions, lookup of a schema under a
// subject, references, contexts.
import { Injectable } from '@nestjs/common';
import { SchemaRegistryRepository, type SrSchema } from '@libs/db';
import { parseRegisterRequest, parseVersion } from '../requests';
import { SrErrors } from './registry-errors';
import { normalizePrefix, page, schemaView, type ListOptions, type Registry, type SchemaView } from './registry-model';
import { identityHash, StoredSchemas } from './stored-schemas';

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

  async schemaById(r: Registry, rawId: string): Promise<SchemaView> {
    const { id: _id, ...rest } = schemaView(await this.stored.row(r, rawId));
    return rest as SchemaView;
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
  async getVersion(r: Registry, subject: string, rawVersion: string, deleted = false): Promise<SchemaView> {
    const version = parseVersion(rawVersion);
    const all = await this.repo.versionsWithSchemas(r.scope, r.id, subject);
    const visible = all.filter((v) => deleted || !v.deleted);
    if (visible.length === 0) throw SrErrors.subjectNotFound(subject);
    const found = version === 'latest' ? visible[visible.length - 1] : visible.find((v) => v.version === version);
    if (!found) throw SrErrors.versionNotFound(rawVersion);
    return schemaView(found.schemaRow, found);
  }

  async referencedBy(r: Registry, subject: string, rawVersion: string): Promise<number[]> {
    const v = await this.getVersion(r, subject, rawVersion, true);
    return this.repo.referencedBy(r.scope, r.id, subject, v.version as number);
  }

  /** POST /subjects/{s}: the version of this subject holding the same schema. */
  async lookup(r: Registry, subject: string, body: unknown, deleted: boolean): Promise<SchemaView> {
    const versions = (await this.repo.versionsWithSchemas(r.scope, r.id, subject)).filter((v) => deleted || !v.deleted);
    if (versions.length === 0) throw SrErrors.subjectNotFound(subject);
    const req = parseRegisterRequest(body);
    const parsed = await this.stored.parseRequest(r, req);
    const hash = identityHash(parsed, req.references);
    const found = versions.find((v) => v.schemaRow.identityHash === hash);
    if (!found) throw SrErrors.schemaNotFound();
    return schemaView(found.schemaRow, found);
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
