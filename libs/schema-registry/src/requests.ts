import { ErrorCodes, InvalidSchemaError, SchemaRegistryError } from './errors';
import { resolveSchemaType } from './schema-types';
import type { ResolvedReference, SchemaContract, SchemaReference, SchemaType } from './types';

// Request-level checks the HTTP layer needs before touching storage, with Confluent's codes.

const MAX_VERSION = 2 ** 31 - 1;

/** `{version}` path segment: 1…2^31-1, `latest`, or -1 (Confluent's alias for latest); else 42202. */
export function parseVersion(raw: string | number): number | 'latest' {
  const s = String(raw).trim();
  if (s.toLowerCase() === 'latest' || s === '-1') return 'latest';
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n >= 1 && n <= MAX_VERSION) return n;
  }
  throw new SchemaRegistryError(
    ErrorCodes.INVALID_VERSION,
    `The specified version '${s}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
  );
}

export interface RegisterSchemaRequest extends SchemaContract {
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
}

/** The members of `metadata` / `ruleSet` Confluent defines, with the JSON kind each must have. */
const CONTRACT_MEMBERS = {
  metadata: { tags: 'object', properties: 'object', sensitive: 'array' },
  ruleSet: { migrationRules: 'array', domainRules: 'array', encodingRules: 'array' },
} as const;

const kindOf = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/**
 * A `metadata` / `ruleSet` value (of a register request, or a config's default/override named
 * `label`): absent or null → undefined; else an object whose known members have the right kind (42201).
 */
export function parseContractPart(
  v: unknown,
  part: keyof typeof CONTRACT_MEMBERS,
  label: string = part,
): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (kindOf(v) !== 'object') throw new InvalidSchemaError(`Invalid schema: ${label} must be a JSON object`);
  const o = v as Record<string, unknown>;
  for (const [member, kind] of Object.entries(CONTRACT_MEMBERS[part]))
    if (o[member] !== undefined && o[member] !== null && kindOf(o[member]) !== kind)
      throw new InvalidSchemaError(`Invalid schema: ${label}.${member} must be a JSON ${kind}`);
  return o;
}

/** Validates the body of register / lookup / compatibility requests (42201 on a bad shape). */
export function parseRegisterRequest(body: unknown): RegisterSchemaRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new InvalidSchemaError('Invalid schema: the request body must be a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.schema !== 'string' || b.schema.trim() === '') throw new InvalidSchemaError('Empty schema');
  const schemaType = resolveSchemaType(b.schemaType);
  const refsRaw = b.references ?? [];
  if (!Array.isArray(refsRaw)) throw new InvalidSchemaError('Invalid schema: references must be an array');
  const references = refsRaw.map((r, i): SchemaReference => {
    const ref = r as Record<string, unknown> | null;
    if (
      !ref ||
      typeof ref.name !== 'string' ||
      ref.name === '' ||
      typeof ref.subject !== 'string' ||
      ref.subject === ''
    ) {
      throw new InvalidSchemaError(`Invalid schema: reference #${i} needs a non-empty name and subject`);
    }
    const version = typeof ref.version === 'number' ? ref.version : Number(ref.version);
    if (!Number.isInteger(version) || (version < 1 && version !== -1) || version > MAX_VERSION) {
      throw new InvalidSchemaError(
        `Invalid schema: reference ${ref.name} has an invalid version ${JSON.stringify(ref.version)}`,
      );
    }
    return { name: ref.name, subject: ref.subject, version };
  });
  const names = new Set<string>();
  for (const r of references) {
    if (names.has(r.name)) throw new InvalidSchemaError(`Invalid schema: duplicate reference name ${r.name}`);
    names.add(r.name);
  }
  const metadata = parseContractPart(b.metadata, 'metadata');
  const ruleSet = parseContractPart(b.ruleSet, 'ruleSet');
  return { schema: b.schema, schemaType, references, ...(metadata && { metadata }), ...(ruleSet && { ruleSet }) };
}

/** How the caller loads a referenced version (-1 = latest); undefined when it does not exist. */
export type ReferenceLoader = (
  subject: string,
  version: number,
) => Promise<{ schema: string; references: SchemaReference[] } | undefined>;

/** Loads references (and theirs) for a provider's `parse`; a missing one is 42201, as Confluent answers. */
export async function resolveReferences(
  refs: readonly SchemaReference[],
  load: ReferenceLoader,
  depth = 0,
): Promise<ResolvedReference[]> {
  if (depth > 32) throw new InvalidSchemaError('Invalid schema: references nested more than 32 levels deep');
  const out: ResolvedReference[] = [];
  for (const r of refs) {
    const target = await load(r.subject, r.version);
    if (!target)
      throw new InvalidSchemaError(
        `Invalid schema: reference ${r.name} points at ${r.subject} version ${r.version}, which does not exist`,
      );
    out.push({ ...r, schema: target.schema, references: await resolveReferences(target.references, load, depth + 1) });
  }
  return out;
}

/** The 409 Confluent answers for an incompatible registration. */
export function incompatibleSchemaError(subject: string, reasons: readonly string[]): SchemaRegistryError {
  return new SchemaRegistryError(
    ErrorCodes.INCOMPATIBLE_SCHEMA,
    `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${reasons.join(', ')}]`,
  );
}
