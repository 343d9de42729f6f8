// Subject/context/global config defaults and overrides for a schema's metadata and ruleSet, merged
// as Confluent's registry does at registration: default, then what the request gives, then the
// override, each later one winning (properties and tags by key, sensitive as a union, rules by name).
import type { SchemaContract, SchemaMetadata, SchemaRuleSet } from './types';

/** The config members that shape a registration's contract. */
export interface ContractConfig {
  compatibilityGroup?: string;
  defaultMetadata?: SchemaMetadata;
  overrideMetadata?: SchemaMetadata;
  defaultRuleSet?: SchemaRuleSet;
  overrideRuleSet?: SchemaRuleSet;
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export function mergeMetadata(base: SchemaMetadata | undefined, next: SchemaMetadata | undefined) {
  if (!base) return next;
  if (!next) return base;
  const out: Obj = { ...base, ...next };
  for (const k of ['tags', 'properties'])
    if (base[k] !== undefined || next[k] !== undefined) out[k] = { ...asObj(base[k]), ...asObj(next[k]) };
  if (Array.isArray(base.sensitive) || Array.isArray(next.sensitive))
    out.sensitive = [...new Set([...((base.sensitive as unknown[]) ?? []), ...((next.sensitive as unknown[]) ?? [])])];
  return out;
}

const RULE_LISTS = ['migrationRules', 'domainRules', 'encodingRules'];

export function mergeRuleSet(base: SchemaRuleSet | undefined, next: SchemaRuleSet | undefined) {
  if (!base) return next;
  if (!next) return base;
  const out: Obj = { ...base, ...next };
  for (const k of RULE_LISTS) {
    const a = Array.isArray(base[k]) ? (base[k] as unknown[]) : [];
    const b = Array.isArray(next[k]) ? (next[k] as unknown[]) : [];
    if (!a.length && !b.length) continue;
    const names = new Set(b.map((r) => asObj(r).name));
    out[k] = [...a.filter((r) => !names.has(asObj(r).name)), ...b];
  }
  return out;
}

/** The metadata and ruleSet a registration stores: the request's, between the config's default and override. */
export function applyContractConfig(req: SchemaContract, cfg: ContractConfig): SchemaContract {
  const metadata = mergeMetadata(mergeMetadata(cfg.defaultMetadata, req.metadata), cfg.overrideMetadata);
  const ruleSet = mergeRuleSet(mergeRuleSet(cfg.defaultRuleSet, req.ruleSet), cfg.overrideRuleSet);
  return { ...(metadata && { metadata }), ...(ruleSet && { ruleSet }) };
}

/** The compatibility group a schema belongs to: its metadata property named by `compatibilityGroup`. */
export function groupOf(metadata: unknown, compatibilityGroup: string | undefined): unknown {
  return compatibilityGroup ? asObj(asObj(metadata).properties)[compatibilityGroup] : undefined;
}
