// Schema Registry storage: schemas (registry-wide ids), subject versions, config/mode, id sequence.
// Every method takes (organizationId, registryId) and never reads another registry's rows.
import { Injectable } from '@nestjs/common';
import { Prisma, type SrConfig, type SrSchema, type SrSubjectVersion } from '@generated/prisma/client';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';

export interface SrSchemaInput {
  schemaType: string;
  schema: string;
  identityHash: string;
  references: { name: string; subject: string; version: number }[];
  /** Confluent's `metadata` / `ruleSet`, stored as given (absent: NULL). */
  metadata?: Record<string, unknown>;
  ruleSet?: Record<string, unknown>;
}

export type SrVersionWithSchema = SrSubjectVersion & { schemaRow: SrSchema };

export type RegisterOutcome =
  | { kind: 'existing'; schemaId: number; version: number }
  | { kind: 'created'; schemaId: number; version: number }
  /** IMPORT mode: the requested id holds another schema, or the requested version exists. */
  | { kind: 'id_conflict' }
  | { kind: 'version_conflict' };

@Injectable()
export class SchemaRegistryRepository {
  constructor(private readonly db: PrismaService) {}

  // ── reads ──────────────────────────────────────────────────────────────────────────────────

  getSchema(scope: OrgScope, registryId: string, id: number): Promise<SrSchema | null> {
    return this.db.srSchema.findFirst({ where: { organizationId: scope.organizationId, registryId, id } });
  }

  getSchemaByGuid(scope: OrgScope, registryId: string, guid: string): Promise<SrSchema | null> {
    return this.db.srSchema.findFirst({ where: { organizationId: scope.organizationId, registryId, guid } });
  }

  getSchemas(scope: OrgScope, registryId: string, ids: number[]): Promise<SrSchema[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.srSchema.findMany({ where: { organizationId: scope.organizationId, registryId, id: { in: ids } } });
  }

  findSchemasByHash(scope: OrgScope, registryId: string, identityHash: string): Promise<SrSchema[]> {
    return this.db.srSchema.findMany({
      where: { organizationId: scope.organizationId, registryId, identityHash },
      orderBy: { id: 'asc' },
    });
  }

  /** Distinct subjects having at least one version (live only unless includeDeleted). */
  async subjects(
    scope: OrgScope,
    registryId: string,
    opts: { includeDeleted?: boolean; deletedOnly?: boolean; prefix?: string },
  ): Promise<string[]> {
    const rows = await this.db.srSubjectVersion.findMany({
      where: {
        organizationId: scope.organizationId,
        registryId,
        ...(opts.prefix ? { subject: { startsWith: opts.prefix } } : {}),
        ...(opts.includeDeleted || opts.deletedOnly ? {} : { deleted: false }),
      },
      select: { subject: true, deleted: true },
      orderBy: [{ subject: 'asc' }, { version: 'asc' }],
    });
    if (!opts.deletedOnly) return [...new Set(rows.map((r) => r.subject))];
    // deletedOnly: subjects whose every version is soft-deleted.
    const live = new Set(rows.filter((r) => !r.deleted).map((r) => r.subject));
    return [...new Set(rows.filter((r) => !live.has(r.subject)).map((r) => r.subject))];
  }

  /** All versions of a subject (soft-deleted included), oldest first. */
  versions(scope: OrgScope, registryId: string, subject: string): Promise<SrSubjectVersion[]> {
    return this.db.srSubjectVersion.findMany({
      where: { organizationId: scope.organizationId, registryId, subject },
      orderBy: { version: 'asc' },
    });
  }

  /** All versions of a subject with their schema rows, oldest first. */
  async versionsWithSchemas(scope: OrgScope, registryId: string, subject: string): Promise<SrVersionWithSchema[]> {
    const versions = await this.versions(scope, registryId, subject);
    const schemas = await this.getSchemas(scope, registryId, [...new Set(versions.map((v) => v.schemaId))]);
    const byId = new Map(schemas.map((s) => [s.id, s]));
    return versions
      .filter((v) => byId.has(v.schemaId))
      .map((v) => ({ ...v, schemaRow: byId.get(v.schemaId) as SrSchema }));
  }

  /** (subject, version) pairs using a schema id, soft-deleted included. */
  versionsOfSchema(scope: OrgScope, registryId: string, schemaId: number): Promise<SrSubjectVersion[]> {
    return this.db.srSubjectVersion.findMany({
      where: { organizationId: scope.organizationId, registryId, schemaId },
      orderBy: [{ subject: 'asc' }, { version: 'asc' }],
    });
  }

  /** Ids of schemas that reference subject/version. */
  async referencedBy(scope: OrgScope, registryId: string, subject: string, version: number): Promise<number[]> {
    const rows = await this.db.srSchema.findMany({
      where: {
        organizationId: scope.organizationId,
        registryId,
        references: { array_contains: [{ subject, version }] },
      },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    if (rows.length === 0) return [];
    // Only schemas still used by some version count as referencing.
    const used = await this.db.srSubjectVersion.findMany({
      where: { organizationId: scope.organizationId, registryId, schemaId: { in: rows.map((r) => r.id) } },
      select: { schemaId: true },
      distinct: ['schemaId'],
    });
    const live = new Set(used.map((u) => u.schemaId));
    return rows.map((r) => r.id).filter((id) => live.has(id));
  }

  async hasAnySubject(scope: OrgScope, registryId: string): Promise<boolean> {
    return (
      (await this.db.srSubjectVersion.count({ where: { organizationId: scope.organizationId, registryId }, take: 1 })) >
      0
    );
  }

  // ── register ───────────────────────────────────────────────────────────────────────────────

  /**
   * Registers `input` under `subject` in one transaction serialized per registry (the registry's
   * sequence row is locked first, so concurrent registrations queue): an identical live version
   * returns its id; otherwise `check` runs on the subject's live versions (oldest first) and may
   * throw (compatibility), then the schema id is reused when the same schema exists in the registry
   * or allocated from the sequence, and the subject gets its next version.
   * `forced` (IMPORT mode) gives the id and/or version to use.
   */
  async register(
    scope: OrgScope,
    registryId: string,
    subject: string,
    input: SrSchemaInput,
    check: (live: SrVersionWithSchema[]) => Promise<void> | void,
    forced: { id?: number; version?: number } = {},
  ): Promise<RegisterOutcome> {
    return this.db.$transaction(
      async (tx) => {
        await tx.$queryRaw`INSERT INTO "SrRegistrySequence" ("registryId", "organizationId", "nextSchemaId")
          VALUES (${registryId}, ${scope.organizationId}::uuid, 100001)
          ON CONFLICT ("registryId") DO UPDATE SET "nextSchemaId" = "SrRegistrySequence"."nextSchemaId"
          RETURNING "nextSchemaId"`;
        const versions = await tx.srSubjectVersion.findMany({
          where: { organizationId: scope.organizationId, registryId, subject },
          orderBy: { version: 'asc' },
        });
        const live = versions.filter((v) => !v.deleted);
        const liveIds = [...new Set(live.map((v) => v.schemaId))];
        const rows = liveIds.length
          ? await tx.srSchema.findMany({
              where: { organizationId: scope.organizationId, registryId, id: { in: liveIds } },
            })
          : [];
        const byId = new Map(rows.map((r) => [r.id, r]));
        const liveWithSchemas = live
          .filter((v) => byId.has(v.schemaId))
          .map((v) => ({ ...v, schemaRow: byId.get(v.schemaId) as SrSchema }));
        const same = liveWithSchemas.find((v) => v.schemaRow.identityHash === input.identityHash);
        if (same && forced.id === undefined)
          return { kind: 'existing' as const, schemaId: same.schemaId, version: same.version };
        await check(liveWithSchemas);

        const json = {
          references: input.references as Prisma.InputJsonValue,
          metadata: input.metadata as Prisma.InputJsonValue | undefined,
          ruleSet: input.ruleSet as Prisma.InputJsonValue | undefined,
        };
        let schemaId: number;
        if (forced.id !== undefined) {
          const existing = await tx.srSchema.findFirst({
            where: { organizationId: scope.organizationId, registryId, id: forced.id },
          });
          if (existing && existing.identityHash !== input.identityHash) return { kind: 'id_conflict' as const };
          if (!existing) {
            await tx.srSchema.create({
              data: { organizationId: scope.organizationId, registryId, id: forced.id, ...input, ...json },
            });
            // Keep the sequence above imported ids.
            await tx.srRegistrySequence.updateMany({
              where: { registryId, nextSchemaId: { lte: forced.id } },
              data: { nextSchemaId: forced.id + 1 },
            });
          }
          schemaId = forced.id;
        } else {
          const candidate = await tx.srSchema.findFirst({
            where: { organizationId: scope.organizationId, registryId, identityHash: input.identityHash },
            orderBy: { id: 'asc' },
          });
          if (candidate) {
            schemaId = candidate.id;
          } else {
            const seq = await tx.srRegistrySequence.update({
              where: { registryId },
              data: { nextSchemaId: { increment: 1 } },
            });
            schemaId = seq.nextSchemaId - 1;
            await tx.srSchema.create({
              data: { organizationId: scope.organizationId, registryId, id: schemaId, ...input, ...json },
            });
          }
        }
        const maxVersion = versions.length ? versions[versions.length - 1].version : 0;
        const version = forced.version ?? maxVersion + 1;
        if (versions.some((v) => v.version === version)) return { kind: 'version_conflict' as const };
        await tx.srSubjectVersion.create({
          data: { organizationId: scope.organizationId, registryId, subject, version, schemaId },
        });
        return { kind: 'created' as const, schemaId, version };
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
  }

  // ── deletes ────────────────────────────────────────────────────────────────────────────────

  async softDeleteVersions(scope: OrgScope, registryId: string, subject: string, versions: number[]): Promise<void> {
    await this.db.srSubjectVersion.updateMany({
      where: { organizationId: scope.organizationId, registryId, subject, version: { in: versions } },
      data: { deleted: true },
    });
  }

  /** Removes versions for good, then schema rows no version uses any more. */
  async hardDeleteVersions(
    scope: OrgScope,
    registryId: string,
    subject: string,
    versions: number[],
  ): Promise<number[]> {
    return this.db.$transaction(async (tx) => {
      const rows = await tx.srSubjectVersion.findMany({
        where: { organizationId: scope.organizationId, registryId, subject, version: { in: versions } },
        select: { schemaId: true },
      });
      await tx.srSubjectVersion.deleteMany({
        where: { organizationId: scope.organizationId, registryId, subject, version: { in: versions } },
      });
      const ids = [...new Set(rows.map((r) => r.schemaId))];
      const stillUsed = await tx.srSubjectVersion.findMany({
        where: { organizationId: scope.organizationId, registryId, schemaId: { in: ids } },
        select: { schemaId: true },
        distinct: ['schemaId'],
      });
      const used = new Set(stillUsed.map((u) => u.schemaId));
      const orphans = ids.filter((id) => !used.has(id));
      if (orphans.length)
        await tx.srSchema.deleteMany({
          where: { organizationId: scope.organizationId, registryId, id: { in: orphans } },
        });
      return orphans;
    });
  }

  // ── config and mode (subject "" = global) ─────────────────────────────────────────────────

  /** The subject's own settings, its context's (`:.ctx:`, when qualified) and the global ones, in one query. */
  async configs(
    scope: OrgScope,
    registryId: string,
    subject: string,
    context?: string,
  ): Promise<{ subject?: SrConfig; context?: SrConfig; global?: SrConfig }> {
    const names = [subject, '', ...(context && context !== subject ? [context] : [])];
    const rows = await this.db.srConfig.findMany({
      where: { organizationId: scope.organizationId, registryId, subject: { in: names } },
    });
    return {
      subject: subject === '' ? undefined : rows.find((r) => r.subject === subject),
      context: context && context !== subject ? rows.find((r) => r.subject === context) : undefined,
      global: rows.find((r) => r.subject === ''),
    };
  }

  /** Live versions of `subject` whose schema has this identity (the register/lookup fast path). */
  async liveVersionsWithIdentity(
    scope: OrgScope,
    registryId: string,
    subject: string,
    identityHash: string,
  ): Promise<SrSubjectVersion[]> {
    const ids = await this.db.srSchema.findMany({
      where: { organizationId: scope.organizationId, registryId, identityHash },
      select: { id: true },
    });
    if (ids.length === 0) return [];
    return this.db.srSubjectVersion.findMany({
      where: {
        organizationId: scope.organizationId,
        registryId,
        subject,
        deleted: false,
        schemaId: { in: ids.map((i) => i.id) },
      },
      orderBy: { version: 'asc' },
    });
  }

  getConfig(scope: OrgScope, registryId: string, subject: string): Promise<SrConfig | null> {
    return this.db.srConfig.findFirst({ where: { organizationId: scope.organizationId, registryId, subject } });
  }

  async setConfig(
    scope: OrgScope,
    registryId: string,
    subject: string,
    settings: {
      compatibility?: string | null;
      mode?: string | null;
      compatibilityGroup?: string;
      defaultMetadata?: Record<string, unknown>;
      overrideMetadata?: Record<string, unknown>;
      defaultRuleSet?: Record<string, unknown>;
      overrideRuleSet?: Record<string, unknown>;
    },
  ): Promise<void> {
    // the JSON members are plain objects, which Prisma's JSON input types accept
    const data = settings as Omit<Prisma.SrConfigUncheckedCreateInput, 'organizationId' | 'registryId' | 'subject'>;
    await this.db.srConfig.upsert({
      where: { registryId_subject: { registryId, subject } },
      create: { organizationId: scope.organizationId, registryId, subject, ...data },
      update: data,
    });
  }

  /** DELETE /config[/{s}]: the level, group, defaults and overrides go (the mode stays). */
  async clearConfig(scope: OrgScope, registryId: string, subject: string): Promise<void> {
    await this.db.srConfig.updateMany({
      where: { organizationId: scope.organizationId, registryId, subject },
      data: {
        compatibility: null,
        compatibilityGroup: null,
        defaultMetadata: Prisma.DbNull,
        overrideMetadata: Prisma.DbNull,
        defaultRuleSet: Prisma.DbNull,
        overrideRuleSet: Prisma.DbNull,
      },
    });
  }

  /** Everything of a registry (its environment is being deleted). */
  async deleteRegistry(scope: OrgScope, registryId: string): Promise<void> {
    await this.db.$transaction([
      this.db.srSubjectVersion.deleteMany({ where: { organizationId: scope.organizationId, registryId } }),
      this.db.srSchema.deleteMany({ where: { organizationId: scope.organizationId, registryId } }),
      this.db.srConfig.deleteMany({ where: { organizationId: scope.organizationId, registryId } }),
      this.db.srRegistrySequence.deleteMany({ where: { organizationId: scope.organizationId, registryId } }),
    ]);
  }

  async deleteSubjectSettings(scope: OrgScope, registryId: string, subject: string): Promise<void> {
    await this.db.srConfig.deleteMany({ where: { organizationId: scope.organizationId, registryId, subject } });
  }
}
