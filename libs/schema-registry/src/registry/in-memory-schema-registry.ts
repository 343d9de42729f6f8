import { checkCompatibility, getSchemaProvider, resolveSchemaType } from '../schema-types';
import { ErrorCodes, SchemaRegistryError } from '../errors';
import { incompatibleSchemaError } from '../requests';
import { DEFAULT_COMPATIBILITY_LEVEL } from '../compatibility/levels';
import type { CompatibilityLevel, ParsedSchema, ResolvedReference, SchemaReference } from '../types';
import type { RegisteredSchema, SchemaInput, SchemaRegistryClient } from '../serdes/schema-registry-client';

interface StoredSchema {
  id: number;
  input: Required<SchemaInput>;
  parsed: ParsedSchema;
}

/**
 * A registry in process memory with Confluent's register/lookup semantics (idempotent register,
 * ids shared across subjects for the same schema, compatibility enforced with 409). For unit
 * tests and embedded use; the product's registry lives in Postgres behind the HTTP API.
 */
export class InMemorySchemaRegistry implements SchemaRegistryClient {
  private nextId: number;
  private readonly schemas = new Map<number, StoredSchema>();
  private readonly subjects = new Map<string, number[]>();
  private readonly levels = new Map<string, CompatibilityLevel>();
  globalLevel: CompatibilityLevel = DEFAULT_COMPATIBILITY_LEVEL;

  constructor(options: { firstId?: number } = {}) {
    this.nextId = options.firstId ?? 100001;
  }

  setCompatibility(subject: string, level: CompatibilityLevel): void {
    this.levels.set(subject, level);
  }

  getCompatibility(subject: string): CompatibilityLevel | undefined {
    return this.levels.get(subject);
  }

  listSubjects(): string[] {
    return [...this.subjects.keys()];
  }

  async register(subject: string, schema: SchemaInput): Promise<number> {
    const parsed = this.parse(schema);
    const existing = this.findInSubject(subject, parsed);
    if (existing) return existing.id;
    const versions = this.subjects.get(subject) ?? [];
    const level = this.levels.get(subject) ?? this.globalLevel;
    const previous = versions.map((id) => (this.schemas.get(id) as StoredSchema).parsed);
    const reasons = checkCompatibility(parsed, previous, level);
    if (reasons.length) throw incompatibleSchemaError(subject, reasons);
    const same = [...this.schemas.values()].find((s) => sameSchema(s, parsed, schema.references ?? []));
    const id = same?.id ?? this.nextId++;
    if (!same)
      this.schemas.set(id, {
        id,
        input: { schema: parsed.text, schemaType: parsed.schemaType, references: schema.references ?? [] },
        parsed,
      });
    this.subjects.set(subject, [...versions, id]);
    return id;
  }

  async getSchemaById(id: number): Promise<RegisteredSchema> {
    const s = this.schemas.get(id);
    if (!s) throw new SchemaRegistryError(ErrorCodes.SCHEMA_NOT_FOUND, 'Schema not found');
    return { id, ...s.input };
  }

  async getLatest(subject: string): Promise<RegisteredSchema> {
    return this.getVersion(subject, 'latest');
  }

  async getVersion(subject: string, version: number | 'latest'): Promise<RegisteredSchema> {
    const versions = this.subjects.get(subject);
    if (!versions?.length)
      throw new SchemaRegistryError(ErrorCodes.SUBJECT_NOT_FOUND, `Subject '${subject}' not found.`);
    const v = version === 'latest' ? versions.length : version;
    const id = versions[v - 1];
    if (id === undefined) throw new SchemaRegistryError(ErrorCodes.VERSION_NOT_FOUND, 'Version not found.');
    return { ...(await this.getSchemaById(id)), subject, version: v };
  }

  async lookup(subject: string, schema: SchemaInput): Promise<RegisteredSchema> {
    if (!this.subjects.get(subject)?.length)
      throw new SchemaRegistryError(ErrorCodes.SUBJECT_NOT_FOUND, `Subject '${subject}' not found.`);
    const found = this.findInSubject(subject, this.parse(schema));
    if (!found) throw new SchemaRegistryError(ErrorCodes.SCHEMA_NOT_FOUND, 'Schema not found');
    return { ...(await this.getSchemaById(found.id)), subject, version: found.version };
  }

  private findInSubject(subject: string, parsed: ParsedSchema): { id: number; version: number } | undefined {
    const versions = this.subjects.get(subject) ?? [];
    const i = versions.findIndex((id) => {
      const s = this.schemas.get(id) as StoredSchema;
      return s.parsed.schemaType === parsed.schemaType && s.parsed.canonical === parsed.canonical;
    });
    return i < 0 ? undefined : { id: versions[i], version: i + 1 };
  }

  private parse(schema: SchemaInput): ParsedSchema {
    return getSchemaProvider(resolveSchemaType(schema.schemaType)).parse(
      schema.schema,
      this.resolveRefs(schema.references ?? [], 0),
    );
  }

  private resolveRefs(refs: readonly SchemaReference[], depth: number): ResolvedReference[] {
    if (depth > 32) throw new SchemaRegistryError(ErrorCodes.INVALID_SCHEMA, 'References nested too deeply');
    return refs.map((r) => {
      const id = this.subjects.get(r.subject)?.[r.version - 1];
      const s = id === undefined ? undefined : this.schemas.get(id);
      if (!s)
        throw new SchemaRegistryError(
          ErrorCodes.INVALID_SCHEMA,
          `Invalid schema: reference ${r.name} (${r.subject} version ${r.version}) not found`,
        );
      return { ...r, schema: s.input.schema, references: this.resolveRefs(s.input.references, depth + 1) };
    });
  }
}

function sameSchema(s: StoredSchema, parsed: ParsedSchema, refs: readonly SchemaReference[]): boolean {
  return (
    s.parsed.schemaType === parsed.schemaType &&
    s.parsed.canonical === parsed.canonical &&
    JSON.stringify(s.input.references) === JSON.stringify(refs)
  );
}
