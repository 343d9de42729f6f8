// GET/PUT/DELETE /config and /config/{subject}: compatibility levels per registry, context and
// subject, with the compatibility group and the metadata/ruleSet defaults and overrides.
import { Injectable } from '@nestjs/common';
import { SchemaRegistryRepository, type SrConfig } from '@libs/db';
import { DEFAULT_COMPATIBILITY_LEVEL, parseCompatibilityLevel } from '../compatibility/levels';
import type { ContractConfig } from '../contract-merge';
import { parseContractPart } from '../requests';
import type { CompatibilityLevel } from '../types';
import { SrErrors } from './registry-errors';
import { checkSubject, contextOf, type Registry } from './registry-model';

/** PUT /config bodies (and their answers): any of these members; at least one. */
export interface ConfigUpdate extends ContractConfig {
  compatibility?: CompatibilityLevel;
}

const CONTRACT_FIELDS = [
  ['defaultMetadata', 'metadata'],
  ['overrideMetadata', 'metadata'],
  ['defaultRuleSet', 'ruleSet'],
  ['overrideRuleSet', 'ruleSet'],
] as const;

/** The group and defaults/overrides a config row holds (members it has not set left out). */
export function contractConfigOf(row: SrConfig | undefined | null): ContractConfig {
  const out: Record<string, unknown> = {};
  if (row?.compatibilityGroup) out.compatibilityGroup = row.compatibilityGroup;
  for (const [k] of CONTRACT_FIELDS) if (row && row[k] !== null) out[k] = row[k];
  return out as ContractConfig;
}

@Injectable()
export class CompatibilityConfigUsecases {
  constructor(private readonly repo: SchemaRegistryRepository) {}

  async globalLevel(r: Registry): Promise<CompatibilityLevel> {
    const c = await this.repo.getConfig(r.scope, r.id, '');
    return (c?.compatibility as CompatibilityLevel | null) ?? DEFAULT_COMPATIBILITY_LEVEL;
  }

  /** Subject level, else its context's (`:.ctx:`), else global, else BACKWARD. */
  async effectiveLevel(r: Registry, subject: string): Promise<CompatibilityLevel> {
    return (await this.effective(r, subject)).level;
  }

  /**
   * What applies to a subject, from one query: the level, and the group and defaults/overrides
   * (each member from the subject, else its context, else global).
   */
  async effective(r: Registry, subject: string): Promise<{ level: CompatibilityLevel; contract: ContractConfig }> {
    const c = await this.repo.configs(r.scope, r.id, subject, contextOf(subject));
    const level =
      ((c.subject?.compatibility ?? c.context?.compatibility ?? c.global?.compatibility) as
        CompatibilityLevel | null | undefined) ?? DEFAULT_COMPATIBILITY_LEVEL;
    const contract = { ...contractConfigOf(c.global), ...contractConfigOf(c.context), ...contractConfigOf(c.subject) };
    return { level, contract };
  }

  /** GET /config/{s}: its level (or the global one with defaultToGlobal, or when only other members are set) and those members. */
  async getSubjectConfig(
    r: Registry,
    subject: string,
    defaultToGlobal: boolean,
  ): Promise<{ compatibilityLevel: CompatibilityLevel } & ContractConfig> {
    const c = await this.repo.getConfig(r.scope, r.id, subject);
    const contract = contractConfigOf(c);
    if (c?.compatibility) return { compatibilityLevel: c.compatibility as CompatibilityLevel, ...contract };
    if (defaultToGlobal || Object.keys(contract).length > 0)
      return { compatibilityLevel: await this.globalLevel(r), ...contract };
    if ((await this.repo.versions(r.scope, r.id, subject)).length === 0) throw SrErrors.subjectNotFound(subject);
    throw SrErrors.noSubjectCompatibility(subject);
  }

  async setConfig(r: Registry, subject: string, body: unknown): Promise<ConfigUpdate> {
    if (subject !== '') checkSubject(subject);
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const update: ConfigUpdate = {};
    if (b.compatibility !== undefined && b.compatibility !== null) {
      if (typeof b.compatibility !== 'string') throw SrErrors.missingCompatibilityLevel();
      update.compatibility = parseCompatibilityLevel(b.compatibility);
    }
    if (typeof b.compatibilityGroup === 'string') update.compatibilityGroup = b.compatibilityGroup;
    for (const [k, part] of CONTRACT_FIELDS) {
      const v = parseContractPart(b[k], part, k);
      if (v) update[k] = v;
    }
    if (Object.keys(update).length === 0) throw SrErrors.missingCompatibilityLevel();
    await this.repo.setConfig(r.scope, r.id, subject, update);
    return update;
  }

  /** DELETE /config → previous global level (back to default); DELETE /config/{s} → removed level or 40401. */
  async deleteLevel(r: Registry, subject: string): Promise<CompatibilityLevel> {
    const c = await this.repo.getConfig(r.scope, r.id, subject);
    if (subject === '') {
      const previous = (c?.compatibility as CompatibilityLevel | null) ?? DEFAULT_COMPATIBILITY_LEVEL;
      if (c) await this.repo.clearConfig(r.scope, r.id, '');
      return previous;
    }
    if (!c || (!c.compatibility && Object.keys(contractConfigOf(c)).length === 0))
      throw SrErrors.subjectNotFound(subject);
    await this.repo.clearConfig(r.scope, r.id, subject);
    return (c.compatibility as CompatibilityLevel | null) ?? this.globalLevel(r);
  }
}
