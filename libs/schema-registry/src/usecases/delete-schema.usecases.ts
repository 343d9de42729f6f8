// DELETE /subjects/{s}[/versions/{v}]: soft delete, then permanent delete (references block both).
import { Injectable } from '@nestjs/common';
import { SchemaRegistryRepository } from '@libs/db';
import { parseVersion } from '../requests';
import { ModeUsecases } from './mode.usecases';
import { SrErrors } from './registry-errors';
import type { Registry } from './registry-model';
import { StoredSchemas } from './stored-schemas';

@Injectable()
export class DeleteSchemaUsecases {
  constructor(
    private readonly repo: SchemaRegistryRepository,
    private readonly stored: StoredSchemas,
    private readonly modes: ModeUsecases,
  ) {}

  async deleteVersion(r: Registry, subject: string, rawVersion: string, permanent: boolean): Promise<number> {
    const version = parseVersion(rawVersion);
    await this.modes.requireWritable(r, subject);
    const all = await this.repo.versions(r.scope, r.id, subject);
    if (all.length === 0) throw SrErrors.subjectNotFound(subject);
    const pool = permanent ? all : all.filter((v) => !v.deleted);
    const row = version === 'latest' ? pool[pool.length - 1] : all.find((v) => v.version === version);
    if (!row) throw SrErrors.versionNotFound(rawVersion);
    if (!permanent && row.deleted) throw SrErrors.versionSoftDeleted(subject, row.version);
    if (permanent && !row.deleted) throw SrErrors.versionNotSoftDeleted(subject, row.version);
    await this.refuseIfReferenced(r, subject, [row.version]);
    if (permanent) this.stored.forget(r, await this.repo.hardDeleteVersions(r.scope, r.id, subject, [row.version]));
    else await this.repo.softDeleteVersions(r.scope, r.id, subject, [row.version]);
    return row.version;
  }

  async deleteSubject(r: Registry, subject: string, permanent: boolean): Promise<number[]> {
    await this.modes.requireWritable(r, subject);
    const all = await this.repo.versions(r.scope, r.id, subject);
    if (all.length === 0) throw SrErrors.subjectNotFound(subject);
    const live = all.filter((v) => !v.deleted);
    if (!permanent && live.length === 0) throw SrErrors.subjectSoftDeleted(subject);
    if (permanent && live.length > 0) throw SrErrors.subjectNotSoftDeleted(subject);
    const versions = (permanent ? all : live).map((v) => v.version);
    await this.refuseIfReferenced(r, subject, versions);
    if (permanent) {
      this.stored.forget(r, await this.repo.hardDeleteVersions(r.scope, r.id, subject, versions));
      await this.repo.deleteSubjectSettings(r.scope, r.id, subject);
    } else {
      await this.repo.softDeleteVersions(r.scope, r.id, subject, versions);
    }
    return versions;
  }

  /** 42206 when another schema references one of these versions. */
  private async refuseIfReferenced(r: Registry, subject: string, versions: number[]): Promise<void> {
    for (const version of versions) {
      const refs = await this.repo.referencedBy(r.scope, r.id, subject, version);
      if (refs.length)
        throw SrErrors.referenceExists(`subject ${subject} version ${version} (referenced by ids ${refs.join(', ')})`);
    }
  }
}
