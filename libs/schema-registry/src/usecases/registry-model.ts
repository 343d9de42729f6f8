// What the registry's use cases take and answer: the registry addressed (organization + lsrc id),
// Confluent's Schema view, list options, modes, and the subject-name rules they share.
import type { OrgScope, SrSchema, SrSubjectVersion } from '@libs/db';
import type { SchemaMetadata, SchemaReference, SchemaRuleSet } from '../types';
import { SrErrors } from './registry-errors';

/** One tenant's registry: the caller's SR API key selects it (principal.resourceId = lsrc-…). */
export interface Registry {
  scope: OrgScope;
  id: string;
}

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] as const;
export type Mode = (typeof MODES)[number];

/** Confluent's Schema object (`schemaType` omitted for AVRO, `references` when empty, as the server does). */
export interface SchemaView {
  subject?: string;
  version?: number;
  id: number;
  schemaType?: string;
  references?: SchemaReference[];
  metadata?: SchemaMetadata;
  ruleSet?: SchemaRuleSet;
  schema: string;
  /** Only where asked for (Confluent-Accept-Unknown-Properties) and on GUID reads. */
  guid?: string;
}

export interface ListOptions {
  deleted?: boolean;
  deletedOnly?: boolean;
  offset?: number;
  limit?: number;
}

export const refsOf = (row: SrSchema): SchemaReference[] =>
  Array.isArray(row.references) ? (row.references as unknown as SchemaReference[]) : [];

export function schemaView(row: SrSchema, sv?: Pick<SrSubjectVersion, 'subject' | 'version'>): SchemaView {
  const refs = refsOf(row);
  return {
    ...(sv ? { subject: sv.subject, version: sv.version } : {}),
    id: row.id,
    ...(row.schemaType !== 'AVRO' ? { schemaType: row.schemaType } : {}),
    ...(refs.length ? { references: refs } : {}),
    ...(row.metadata !== null && { metadata: row.metadata as SchemaMetadata }),
    ...(row.ruleSet !== null && { ruleSet: row.ruleSet as SchemaRuleSet }),
    schema: row.schema,
  };
}

export function page<T>(items: T[], offset = 0, limit = -1): T[] {
  const start = Math.max(0, offset);
  return limit >= 0 ? items.slice(start, start + limit) : items.slice(start);
}

export function checkSubject(subject: string): void {
  // Control characters are refused as Confluent does (42208); the empty string cannot reach a route.
  const control = [...subject].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  if (subject.length === 0 || subject.length > 2000 || control) throw SrErrors.invalidSubject(subject);
}

/** `:.ctx:` of a qualified subject `:.ctx:name` (its context's config/mode key), else undefined. */
export function contextOf(subject: string): string | undefined {
  const m = /^(:\.[^:]*:)/.exec(subject);
  return m ? m[1] : undefined;
}

/** `:*:` (Confluent's default) and empty mean "every subject". */
export function normalizePrefix(prefix: string | undefined): string | undefined {
  if (!prefix || prefix === ':*:') return undefined;
  return prefix;
}
