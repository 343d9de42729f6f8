// POST /compatibility/subjects/{s}/versions[/{v}]: would this schema be accepted under the subject?
import { Injectable } from '@nestjs/common';
import { SchemaRegistryRepository, type SrSchema } from '@libs/db';
import { parseRegisterRequest, parseVersion } from '../requests';
import { checkCompatibility } from '../schema-types';
import type { CompatibilityLevel } from '../types';
import { CompatibilityConfigUsecases } from './compatibility-config.usecases';
import { SrErrors } from './registry-errors';
import type { Registry } from './registry-model';
import { StoredSchemas } from './stored-schemas';

@Injectable()
export class TestCompatibilityUsecases {
  constructor(
    private readonly repo: SchemaRegistryRepository,
    private readonly stored: StoredSchemas,
    private readonly compatibility: CompatibilityConfigUsecases,
  ) {}

  /** Against every live version (transitive levels) or one version (`v`, non-transitive). */
  async testCompatibility(
    r: Registry,
    subject: string,
    rawVersion: string | undefined,
    body: unknown,
  ): Promise<{ is_compatible: boolean; messages: string[] }> {
    const version = rawVersion === undefined ? undefined : parseVersion(rawVersion);
    const req = parseRegisterRequest(body);
    const live = (await this.repo.versionsWithSchemas(r.scope, r.id, subject)).filter((v) => !v.deleted);
    const parsed = await this.stored.parseRequest(r, req);
    const level = await this.compatibility.effectiveLevel(r, subject);
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
    const previous = await Promise.all(previousRows.map((row) => this.stored.parseStored(r, row)));
    const reasons = checkCompatibility(parsed, previous, effective);
    return {
      is_compatible: reasons.length === 0,
      messages: reasons.length ? [...reasons, `{compatibility: '${level}'}`] : [],
    };
  }
}
