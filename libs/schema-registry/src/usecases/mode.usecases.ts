// GET/PUT/DELETE /mode and /mode/{subject}: READWRITE, READONLY, READONLY_OVERRIDE, IMPORT.
import { Injectable } from '@nestjs/common';
import { SchemaRegistryRepository } from '@libs/db';
import { SrErrors } from './registry-errors';
import { checkSubject, contextOf, MODES, type Mode, type Registry } from './registry-model';

@Injectable()
export class ModeUsecases {
  constructor(private readonly repo: SchemaRegistryRepository) {}

  async globalMode(r: Registry): Promise<Mode> {
    return ((await this.repo.getConfig(r.scope, r.id, ''))?.mode as Mode | null) ?? 'READWRITE';
  }

  /** Subject mode, else its context's (`:.ctx:`), else global, else READWRITE. */
  async effectiveMode(r: Registry, subject: string): Promise<Mode> {
    const c = await this.repo.configs(r.scope, r.id, subject, contextOf(subject));
    return ((c.subject?.mode ?? c.context?.mode ?? c.global?.mode) as Mode | null | undefined) ?? 'READWRITE';
  }

  /** 42205 unless the subject may be written (not READONLY / READONLY_OVERRIDE). */
  async requireWritable(r: Registry, subject: string): Promise<Mode> {
    const mode = await this.effectiveMode(r, subject);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE')
      throw SrErrors.notPermitted(`Subject ${subject} is in read-only mode`);
    return mode;
  }

  async getSubjectMode(r: Registry, subject: string, defaultToGlobal: boolean): Promise<Mode> {
    const c = await this.repo.getConfig(r.scope, r.id, subject);
    if (c?.mode) return c.mode as Mode;
    if (defaultToGlobal) return this.globalMode(r);
    if ((await this.repo.versions(r.scope, r.id, subject)).length === 0) throw SrErrors.subjectNotFound(subject);
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
          ? await this.repo.hasAnySubject(r.scope, r.id)
          : (await this.repo.versions(r.scope, r.id, subject)).length > 0;
      if (nonEmpty)
        throw SrErrors.notPermitted(
          'Cannot import since found existing subjects; use force=true to switch to IMPORT anyway',
        );
    }
    await this.repo.setConfig(r.scope, r.id, subject, { mode });
    return mode;
  }

  async deleteMode(r: Registry, subject: string): Promise<Mode> {
    const c = await this.repo.getConfig(r.scope, r.id, subject);
    if (subject === '') {
      const previous = (c?.mode as Mode | null) ?? 'READWRITE';
      if (c) await this.repo.setConfig(r.scope, r.id, '', { mode: null });
      return previous;
    }
    if (!c?.mode) throw SrErrors.subjectNotFound(subject);
    await this.repo.setConfig(r.scope, r.id, subject, { mode: null });
    return c.mode as Mode;
  }
}
