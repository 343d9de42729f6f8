// The Schema Registry REST API's behaviour (API-NOTES.md §14.4), per registry: the caller's SR API
// key selects the registry (principal.resourceId = lsrc-…). Parsing, identity and compatibility come
// from @libs/schema-registry; storage from SchemaRegistryRepository.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@libs/auth';
import { SchemaRegistryRepository, type SrSchema, type SrSubjectVersion } from '@libs/db';
import {
  checkCompatibility,
  DEFAULT_COMPATIBILITY_LEVEL,
  getSchemaProvider,
  incompatibleSchemaError,
  parseCompatibilityLevel,
  parseRegisterRequest,
  parseVersion,
  resolveReferences,
  type CompatibilityLevel,
  type ParsedSchema,
  type RegisterSchemaRequest,
  type SchemaReference,
  type SchemaType,
} from '@libs/schema-registry';
import { SrErrors, srError } from '../sr-errors';

export interface Registry {
  org: string;
  id: string;
}

export const registryOf = (p: Principal): Registry => ({ org: p.organizationId, id: p.resourceId as string });

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] as const;
export type Mode = (typeof MODES)[number];

/** Confluent's Schema object (`schemaType` omitted for AVRO, `references` when empty, as the server does). */
export interface SchemaView {
  subject?: string;
  version?: number;
  id: number;
  schemaType?: string;
  references?: SchemaReference[];
  schema: string;
}

export interface ListOptions {
  deleted?: boolean;
  deletedOnly?: boolean;
  offset?: number;
  limit?: number;
}

const refsOf = (row: SrSchema): SchemaReference[] =>
  Array.isArray(row.references) ? (row.references as unknown as SchemaReference[]) : [];

export function schemaView(row: SrSchema, sv?: Pick<SrSubjectVersion, 'subject' | 'version'>): SchemaView {
  const refs = refsOf(row);
  return {
    ...(sv ? { subject: sv.subject, version: sv.version } : {}),
    id: row.id,
    ...(row.schemaType !== 'AVRO' ? { schemaType: row.schemaType } : {}),
    ...(refs.length ? { references: refs } : {}),
    schema: row.schema,
  };
}

export function page<T>(items: T[], offset = 0, limit = -1): T[] {
  const start = Math.max(0, offset);
  return limit >= 0 ? items.slice(start, start + limit) : items.slice(start);
}

const identityHash = (p: ParsedSchema, refs: readonly SchemaReference[]): string =>
  createHash('sha256')
    .update(
      `${p.schemaType}\u0000${p.canonical}\u0000${JSON.stringify(refs.map((r) => [r.name, r.subject, r.version]))}`,
    )
    .digest('hex');

/** Small LRU with a TTL (schemas by id are immutable; hard deletes are rare and invalidate locally). */
class Lru<V> {
  private readonly map = new Map<string, { v: V; at: number }>();
  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
  ) {}
  get(k: string): V | undefined {
    const e = this.map.get(k);
    if (!e) return undefined;
    if (Date.now() - e.at > this.ttlMs) {
      this.map.delete(k);
      return undefined;
    }
    return e.v;
  }
  set(k: string, v: V): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(k, { v, at: Date.now() });
  }
  delete(k: string): void {
    this.map.delete(k);
  }
}

function checkSubject(subject: string): void {
  // Control characters are refused as Confluent does (42208); the empty string cannot reach a route.
  const control = [...subject].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  if (subject.length === 0 || subject.length > 2000 || control) throw SrErrors.invalidSubject(subject);
}

@Injectable()
export class SchemaRegistryUsecases {
  private readonly byId = new Lru<SrSchema>(20_000, 60_000);
  private readonly parsed = new Lru<ParsedSchema>(5_000, 10 * 60_000);

  constructor(private readonly repo: SchemaRegistryRepository) {}

  // ── schemas by id ──────────────────────────────────────────────────────────────────────────

  async schemaRow(r: Registry, rawId: string | number): Promise<SrSchema> {
    const id = Number(rawId);
    if (!Number.isInteger(id) || id < 0 || id > 2 ** 31 - 1) throw SrErrors.schemaNotFound(String(rawId));
    const key = `${r.org}/${r.id}:${id}`;
    const cached = this.byId.get(key);
    if (cached) return cached;
    const row = await this.repo.getSchema(r.org, r.id, id);
    if (!row) throw SrErrors.schemaNotFound(id);
    this.byId.set(key, row);
    return row;
  }

  async schemaById(r: Registry, rawId: string): Promise<SchemaView> {
    const { id: _id, ...rest } = schemaView(await this.schemaRow(r, rawId));
    return rest as SchemaView;
  }

  async subjectsOfSchema(
    r: Registry,
    rawId: string,
    deleted: boolean,
  ): Promise<{ subject: string; version: number }[]> {
    const row = await this.schemaRow(r, rawId);
    const versions = await this.repo.versionsOfSchema(r.org, r.id, row.id);
    const visible = versions.filter((v) => deleted || !v.deleted);
    if (versions.length === 0) throw SrErrors.schemaNotFound(row.id);
    return visible.map((v) => ({ subject: v.subject, version: v.version }));
  }

  async listSchemas(
    r: Registry,
    opts: ListOptions & { subjectPrefix?: string; latestOnly?: boolean },
  ): Promise<SchemaView[]> {
    const subjects = await this.repo.subjects(r.org, r.id, {
      includeDeleted: opts.deleted,
      prefix: normalizePrefix(opts.subjectPrefix),
    });
    const out: SchemaView[] = [];
    for (const s of subjects) {
      const versions = (await this.repo.versionsWithSchemas(r.org, r.id, s)).filter((v) => opts.deleted || !v.deleted);
      const chosen = opts.latestOnly ? versions.slice(-1) : versions;
      for (const v of chosen) out.push(schemaView(v.schemaRow, v));
    }
    return page(out, opts.offset, opts.limit);
  }

  // ── subjects and versions ──────────────────────────────────────────────────────────────────

  async listSubjects(r: Registry, opts: ListOptions & { subjectPrefix?: string }): Promise<string[]> {
    const subjects = await this.repo.subjects(r.org, r.id, {
      includeDeleted: opts.deleted,
      deletedOnly: opts.deletedOnly,
      prefix: normalizePrefix(opts.subjectPrefix),
    });
    return page(subjects, opts.offset, opts.limit);
  }

  async listVersions(r: Registry, subject: string, opts: ListOptions): Promise<number[]> {
    const all = await this.repo.versions(r.org, r.id, subject);
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
    const all = await this.repo.versionsWithSchemas(r.org, r.id, subject);
    const visible = all.filter((v) => deleted || !v.deleted);
    if (visible.length === 0) throw SrErrors.subjectNotFound(subject);
    const found = version === 'latest' ? visible[visible.length - 1] : visible.find((v) => v.version === version);
    if (!found) throw SrErrors.versionNotFound(rawVersion);
    return schemaView(found.schemaRow, found);
  }

  async referencedBy(r: Registry, subject: string, rawVersion: string): Promise<number[]> {
    const v = await this.getVersion(r, subject, rawVersion, true);
    return this.repo.referencedBy(r.org, r.id, subject, v.version as number);
  }

  /** POST /subjects/{s}: the version of this subject holding the same schema. */
  async lookup(r: Registry, subject: string, body: unknown, deleted: boolean): Promise<SchemaView> {
    const versions = (await this.repo.versionsWithSchemas(r.org, r.id, subject)).filter((v) => deleted || !v.deleted);
    if (versions.length === 0) throw SrErrors.subjectNotFound(subject);
    const req = parseRegisterRequest(body);
    const parsed = await this.parseRequest(r, req);
    const hash = identityHash(parsed, req.references);
    const found = versions.find((v) => v.schemaRow.identityHash === hash);
    if (!found) throw SrErrors.schemaNotFound();
    return schemaView(found.schemaRow, found);
  }

  // ── register ───────────────────────────────────────────────────────────────────────────────

  async register(r: Registry, subject: string, body: unknown): Promise<{ id: number }> {
    checkSubject(subject);
    const req = parseRegisterRequest(body);
    const extra = body as { id?: unknown; version?: unknown };
    const forcedId = optionalInt(extra.id, 'id');
    const forcedVersion = optionalInt(extra.version, 'version');
    const mode = await this.effectiveMode(r, subject);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE')
      throw SrErrors.notPermitted(`Subject ${subject} is in read-only mode`);
    if (forcedId !== undefined && forcedId > 0 && mode !== 'IMPORT')
      throw SrErrors.notPermitted(`Subject ${subject} is not in import mode`);
    const parsed = await this.parseRequest(r, req);
    const hash = identityHash(parsed, req.references);
    const input = { schemaType: parsed.schemaType, schema: req.schema, identityHash: hash, references: req.references };

    // Fast path without the registry lock: an identical live version answers its id.
    if (forcedId === undefined) {
      const same = await this.repo.liveVersionsWithIdentity(r.org, r.id, subject, hash);
      if (same.length) return { id: (same[0] as SrSubjectVersion).schemaId };
    }
    const current = (await this.repo.versionsWithSchemas(r.org, r.id, subject)).filter((v) => !v.deleted);
    const level = mode === 'IMPORT' ? 'NONE' : await this.effectiveLevel(r, subject);
    // Parse the previous versions before taking the lock (cached; parsing may load references).
    if (level !== 'NONE') await Promise.all(current.map((v) => this.parseStored(r, v.schemaRow)));
    const out = await this.repo.register(
      r.org,
      r.id,
      subject,
      input,
      async (live) => {
        if (level === 'NONE' || live.length === 0) return;
        const previous = await Promise.all(live.map((v) => this.parseStored(r, v.schemaRow)));
        const reasons = checkCompatibility(parsed, previous, level);
        if (reasons.length) throw incompatibleSchemaError(subject, reasons);
      },
      {
        id: forcedId !== undefined && forcedId > 0 ? forcedId : undefined,
        // A requested version is honoured in IMPORT mode only (elsewhere versions are assigned).
        version: mode === 'IMPORT' && forcedVersion !== undefined && forcedVersion > 0 ? forcedVersion : undefined,
      },
    );
    switch (out.kind) {
      case 'id_conflict':
        throw SrErrors.idMismatch(`Schema id ${forcedId} is already used by a different schema`);
      case 'version_conflict':
        throw SrErrors.idMismatch(`Version ${forcedVersion} of subject ${subject} already exists`);
      default:
        return { id: out.schemaId };
    }
  }

  // ── compatibility test ─────────────────────────────────────────────────────────────────────

  async testCompatibility(
    r: Registry,
    subject: string,
    rawVersion: string | undefined,
    body: unknown,
  ): Promise<{ is_compatible: boolean; messages: string[] }> {
    const version = rawVersion === undefined ? undefined : parseVersion(rawVersion);
    const req = parseRegisterRequest(body);
    const live = (await this.repo.versionsWithSchemas(r.org, r.id, subject)).filter((v) => !v.deleted);
    const parsed = await this.parseRequest(r, req);
    const level = await this.effectiveLevel(r, subject);
    let previousRows: SrSchema[];
    let effective: CompatibilityLevel = level;
    if (version === undefined) {
      previousRows = live.map((v) => v.schemaRow);
    } else {
      if (live.length === 0) throw SrErrors.subjectNotFound(subject);
      const found = version === 'latest' ? live[live.length - 1] : live.find((v) => v.version === version);
      if (!found) throw SrErrors.versionNotFound(rawVersion as string);
      previousRows = [found.schemaRow];
      effective = level.replace('_TRANSITIVE', '') as CompatibilityLevel;
    }
    if (previousRows.length === 0) return { is_compatible: true, messages: [] };
    const previous = await Promise.all(previousRows.map((row) => this.parseStored(r, row)));
    const reasons = checkCompatibility(parsed, previous, effective);
    return {
      is_compatible: reasons.length === 0,
      messages: reasons.length ? [...reasons, `{compatibility: '${level}'}`] : [],
    };
  }

  // ── deletes ────────────────────────────────────────────────────────────────────────────────

  async deleteVersion(r: Registry, subject: string, rawVersion: string, permanent: boolean): Promise<number> {
    const version = parseVersion(rawVersion);
    await this.requireWritable(r, subject);
    const all = await this.repo.versions(r.org, r.id, subject);
    if (all.length === 0) throw SrErrors.subjectNotFound(subject);
    const pool = permanent ? all : all.filter((v) => !v.deleted);
    const row = version === 'latest' ? pool[pool.length - 1] : all.find((v) => v.version === version);
    if (!row) throw SrErrors.versionNotFound(rawVersion);
    if (!permanent && row.deleted) throw SrErrors.versionSoftDeleted(subject, row.version);
    if (permanent && !row.deleted) throw SrErrors.versionNotSoftDeleted(subject, row.version);
    const refs = await this.repo.referencedBy(r.org, r.id, subject, row.version);
    if (refs.length)
      throw SrErrors.referenceExists(
        `subject ${subject} version ${row.version} (referenced by ids ${refs.join(', ')})`,
      );
    if (permanent) this.forget(r, await this.repo.hardDeleteVersions(r.org, r.id, subject, [row.version]));
    else await this.repo.softDeleteVersions(r.org, r.id, subject, [row.version]);
    return row.version;
  }

  async deleteSubject(r: Registry, subject: string, permanent: boolean): Promise<number[]> {
    await this.requireWritable(r, subject);
    const all = await this.repo.versions(r.org, r.id, subject);
    if (all.length === 0) throw SrErrors.subjectNotFound(subject);
    const live = all.filter((v) => !v.deleted);
    if (!permanent && live.length === 0) throw SrErrors.subjectSoftDeleted(subject);
    if (permanent && live.length > 0) throw SrErrors.subjectNotSoftDeleted(subject);
    const targets = permanent ? all : live;
    for (const v of targets) {
      const refs = await this.repo.referencedBy(r.org, r.id, subject, v.version);
      if (refs.length)
        throw SrErrors.referenceExists(
          `subject ${subject} version ${v.version} (referenced by ids ${refs.join(', ')})`,
        );
    }
    const versions = targets.map((v) => v.version);
    if (permanent) {
      this.forget(r, await this.repo.hardDeleteVersions(r.org, r.id, subject, versions));
      await this.repo.deleteSubjectSettings(r.org, r.id, subject);
    } else {
      await this.repo.softDeleteVersions(r.org, r.id, subject, versions);
    }
    return versions;
  }

  // ── config (compatibility) ─────────────────────────────────────────────────────────────────

  async globalLevel(r: Registry): Promise<CompatibilityLevel> {
    const c = await this.repo.getConfig(r.org, r.id, '');
    return (c?.compatibility as CompatibilityLevel | null) ?? DEFAULT_COMPATIBILITY_LEVEL;
  }

  /** Subject level, else its context's (`:.ctx:`), else global, else BACKWARD. */
  async effectiveLevel(r: Registry, subject: string): Promise<CompatibilityLevel> {
    const c = await this.repo.configs(r.org, r.id, subject, contextOf(subject));
    return (
      ((c.subject?.compatibility ?? c.context?.compatibility ?? c.global?.compatibility) as
        CompatibilityLevel | null | undefined) ?? DEFAULT_COMPATIBILITY_LEVEL
    );
  }

  async getSubjectLevel(r: Registry, subject: string, defaultToGlobal: boolean): Promise<CompatibilityLevel> {
    const c = await this.repo.getConfig(r.org, r.id, subject);
    if (c?.compatibility) return c.compatibility as CompatibilityLevel;
    if (defaultToGlobal) return this.globalLevel(r);
    if ((await this.repo.versions(r.org, r.id, subject)).length === 0) throw SrErrors.subjectNotFound(subject);
    throw SrErrors.noSubjectCompatibility(subject);
  }

  async setLevel(r: Registry, subject: string, body: unknown): Promise<CompatibilityLevel> {
    if (subject !== '') checkSubject(subject);
    const raw = (body as { compatibility?: unknown } | null)?.compatibility;
    if (typeof raw !== 'string')
      throw srError(
        42203,
        'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
      );
    const level = parseCompatibilityLevel(raw);
    await this.repo.setConfig(r.org, r.id, subject, { compatibility: level });
    return level;
  }

  /** DELETE /config → previous global level (back to default); DELETE /config/{s} → removed level or 40401. */
  async deleteLevel(r: Registry, subject: string): Promise<CompatibilityLevel> {
    const c = await this.repo.getConfig(r.org, r.id, subject);
    if (subject === '') {
      const previous = (c?.compatibility as CompatibilityLevel | null) ?? DEFAULT_COMPATIBILITY_LEVEL;
      if (c) await this.repo.setConfig(r.org, r.id, '', { compatibility: null });
      return previous;
    }
    if (!c?.compatibility) throw SrErrors.subjectNotFound(subject);
    await this.repo.setConfig(r.org, r.id, subject, { compatibility: null });
    return c.compatibility as CompatibilityLevel;
  }

  // ── mode ───────────────────────────────────────────────────────────────────────────────────

  async globalMode(r: Registry): Promise<Mode> {
    return ((await this.repo.getConfig(r.org, r.id, ''))?.mode as Mode | null) ?? 'READWRITE';
  }

  async effectiveMode(r: Registry, subject: string): Promise<Mode> {
    const c = await this.repo.configs(r.org, r.id, subject, contextOf(subject));
    return ((c.subject?.mode ?? c.context?.mode ?? c.global?.mode) as Mode | null | undefined) ?? 'READWRITE';
  }

  async getSubjectMode(r: Registry, subject: string, defaultToGlobal: boolean): Promise<Mode> {
    const c = await this.repo.getConfig(r.org, r.id, subject);
    if (c?.mode) return c.mode as Mode;
    if (defaultToGlobal) return this.globalMode(r);
    if ((await this.repo.versions(r.org, r.id, subject)).length === 0) throw SrErrors.subjectNotFound(subject);
    throw SrErrors.noSubjectMode(subject);
  }

  async setMode(r: Registry, subject: string, body: unknown, force: boolean): Promise<Mode> {
    if (subject !== '') checkSubject(subject);
    const raw = (body as { mode?: unknown } | null)?.mode;
    const mode = typeof raw === 'string' ? MODES.find((m) => m === raw.toUpperCase()) : undefined;
    if (!mode) throw SrErrors.invalidMode(String(raw));
    if (mode === 'IMPORT' && !force) {
      const nonEmpty =
        subject === ''
          ? await this.repo.hasAnySubject(r.org, r.id)
          : (await this.repo.versions(r.org, r.id, subject)).length > 0;
      if (nonEmpty)
        throw SrErrors.notPermitted(
          'Cannot import since found existing subjects; use force=true to switch to IMPORT anyway',
        );
    }
    await this.repo.setConfig(r.org, r.id, subject, { mode });
    return mode;
  }

  async deleteMode(r: Registry, subject: string): Promise<Mode> {
    const c = await this.repo.getConfig(r.org, r.id, subject);
    if (subject === '') {
      const previous = (c?.mode as Mode | null) ?? 'READWRITE';
      if (c) await this.repo.setConfig(r.org, r.id, '', { mode: null });
      return previous;
    }
    if (!c?.mode) throw SrErrors.subjectNotFound(subject);
    await this.repo.setConfig(r.org, r.id, subject, { mode: null });
    return c.mode as Mode;
  }

  // ── contexts ───────────────────────────────────────────────────────────────────────────────

  async contexts(r: Registry): Promise<string[]> {
    const subjects = await this.repo.subjects(r.org, r.id, {});
    const found = new Set<string>(['.']);
    for (const s of subjects) {
      const m = /^:(\.[^:]*):/.exec(s);
      if (m) found.add(m[1] as string);
    }
    return [...found].sort();
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  private async requireWritable(r: Registry, subject: string): Promise<void> {
    const mode = await this.effectiveMode(r, subject);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE')
      throw SrErrors.notPermitted(`Subject ${subject} is in read-only mode`);
  }

  private forget(r: Registry, ids: number[]): void {
    for (const id of ids) {
      this.byId.delete(`${r.org}/${r.id}:${id}`);
      this.parsed.delete(`${r.org}/${r.id}:${id}`);
    }
  }

  /** Loads a referenced version (-1 = latest live). */
  private loader(r: Registry) {
    return async (subject: string, version: number) => {
      const versions = (await this.repo.versionsWithSchemas(r.org, r.id, subject)).filter((v) => !v.deleted);
      const v = version === -1 ? versions[versions.length - 1] : versions.find((x) => x.version === version);
      return v ? { schema: v.schemaRow.schema, references: refsOf(v.schemaRow) } : undefined;
    };
  }

  private async parseRequest(r: Registry, req: RegisterSchemaRequest): Promise<ParsedSchema> {
    const refs = await resolveReferences(req.references, this.loader(r));
    return getSchemaProvider(req.schemaType).parse(req.schema, refs);
  }

  /** A stored schema, parsed (cached: stored schemas never change). */
  private async parseStored(r: Registry, row: SrSchema): Promise<ParsedSchema> {
    const key = `${r.org}/${r.id}:${row.id}`;
    const hit = this.parsed.get(key);
    if (hit) return hit;
    const refs = await resolveReferences(refsOf(row), this.loader(r));
    const parsed = getSchemaProvider(row.schemaType as SchemaType).parse(row.schema, refs);
    this.parsed.set(key, parsed);
    return parsed;
  }
}

/** `:.ctx:` of a qualified subject `:.ctx:name` (its context's config/mode key), else undefined. */
function contextOf(subject: string): string | undefined {
  const m = /^(:\.[^:]*:)/.exec(subject);
  return m ? m[1] : undefined;
}

/** `:*:` (Confluent's default) and empty mean "every subject". */
function normalizePrefix(prefix: string | undefined): string | undefined {
  if (!prefix || prefix === ':*:') return undefined;
  return prefix;
}

function optionalInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -1 || v > 2 ** 31 - 1)
    throw SrErrors.invalidSchema(`Invalid schema: ${name} must be an integer between 1 and 2^31-1`);
  return v;
}
