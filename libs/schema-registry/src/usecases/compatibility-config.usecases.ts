// GET/PUT/DELETE /config and /config/{subject}: compatibility levels per registry, context and subject.
import { Injectable } from '@nestjs/common';
import { SchemaRegistryRepository } from '@libs/db';
import { DEFAULT_COMPATIBILITY_LEVEL, parseCompatibilityLevel } from '../compatibility/levels';
import type { CompatibilityLevel } from '../types';
import { SrErrors } from './registry-errors';
import { checkSubject, contextOf, type Registry } from './registry-model';

@Injectable()
export class CompatibilityConfigUsecases {
  constructor(private readonly repo: SchemaRegistryRepository) {}

  async globalLevel(r: Registry): Promise<CompatibilityLevel> {
    const c = await this.repo.getConfig(r.scope, r.id, '');
    return (c?.compatibility as CompatibilityLevel | null) ?? DEFAULT_COMPATIBILITY_LEVEL;
  }

  /** Subject level, else its context's (`:.ctx:`), else global, else BACKWARD. */
  async effectiveLevel(r: Registry, subject: string): Promise<CompatibilityLevel> {
    const c = await this.repo.configs(r.scope, r.id, subject, contextOf(subject));
    return (
      ((c.subject?.compatibility ?? c.context?.compatibility ?? c.global?.compatibility) as
        CompatibilityLevel | null | undefined) ?? DEFAULT_COMPATIBILITY_LEVEL
    );
  }

  async getSubjectLevel(r: Registry, subject: string, defaultToGlobal: boolean): Promise<CompatibilityLevel> {
    const c = await this.repo.getConfig(r.scope, r.id, subject);
    if (c?.compatibility) return c.compatibility as CompatibilityLevel;
    if (defaultToGlobal) return this.globalLevel(r);
    if ((await this.repo.versions(r.scope, r.id, subject)).length === 0) throw SrErrors.subjectNotFound(subject);
    throw SrErrors.noSubjectCompatibility(subject);
  }

  async setLevel(r: Registry, subject: string, body: unknown): Promise<CompatibilityLevel> {
    if (subject !== '') checkSubject(subject);
    const raw = (body as { compatibility?: unknown } | null)?.compatibility;
    if (typeof raw !== 'string') throw SrErrors.missingCompatibilityLevel();
    const level = parseCompatibilityLevel(raw);
    await this.repo.setConfig(r.scope, r.id, subject, { compatibility: level });
    return level;
  }

  /** DELETE /config → previous global level (back to default); DELETE /config/{s} → removed level or 40401. */
  async deleteLevel(r: Registry, subject: string): Promise<CompatibilityLevel> {
    const c = await this.repo.getConfig(r.scope, r.id, subject);
    if (subject === '') {
      const previous = (c?.compatibility as CompatibilityLevel | null) ?? DEFAULT_COMPATIBILITY_LEVEL;
      if (c) await this.repo.setConfig(r.scope, r.id, '', { compatibility: null });
      return previous;
    }
    if (!c?.compatibility) throw SrErrors.subjectNotFound(subject);
    await this.repo.setConfig(r.scope, r.id, subject, { compatibility: null });
    return c.compatibility as CompatibilityLevel;
  }
}
