// Shared vocabulary of the Schema Registry core: schema types, references, parsed schemas, providers.

export const SCHEMA_TYPES = ['AVRO', 'PROTOBUF', 'JSON'] as const;
export type SchemaType = (typeof SCHEMA_TYPES)[number];

export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

/** A reference as stored with a schema (`references` in the REST API). */
export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/**
 * Confluent's data contract parts registered with a schema: `metadata` ({tags, properties,
 * sensitive}) and `ruleSet` ({migrationRules, domainRules, encodingRules}). Stored and answered as
 * given; they are part of the schema's identity (the same text with other metadata is a new id).
 */
export type SchemaMetadata = Record<string, unknown>;
export type SchemaRuleSet = Record<string, unknown>;

export interface SchemaContract {
  metadata?: SchemaMetadata;
  ruleSet?: SchemaRuleSet;
}

/**
 * A reference with the referenced schema's text, as the caller (HTTP layer / repository) resolved it.
 * `references` holds that schema's own references, already resolved, so nesting is allowed.
 */
export interface ResolvedReference {
  name: string;
  subject?: string;
  version?: number;
  schema: string;
  references?: ResolvedReference[];
}

export interface ParseOptions {
  /** Reject schema texts longer than this many UTF-16 code units. Default 1,000,000. */
  maxSchemaLength?: number;
  /** Reject schemas nested deeper than this (JSON nesting / message nesting). Default 200. */
  maxDepth?: number;
  /**
   * Protobuf only: most statements (fields, values, …) directly inside one block. protobufjs'
   * parser is superlinear in fields per message (8,000 fields take seconds). Default 2,000.
   */
  maxProtobufBlockStatements?: number;
}

/** A schema that parsed and validated. Immutable. */
export interface ParsedSchema {
  readonly schemaType: SchemaType;
  /** The text as given by the user (what the registry returns on reads). */
  readonly text: string;
  readonly references: ResolvedReference[];
  /**
   * Identity form: two schema texts that differ only in formatting, key order, comments or
   * equivalent name qualification have the same canonical string.
   */
  readonly canonical: string;
  /**
   * An earlier identity form of the same schema, when it differs from `canonical`: rows registered
   * before the form changed keep it as their identity, so reads and re-registrations still find them.
   */
  readonly legacyCanonical?: string;
  /** Fully-qualified name of the top-level record/message/title, for RecordNameStrategy. */
  readonly recordName: string | undefined;
}

export interface SchemaProvider<P extends ParsedSchema = ParsedSchema> {
  readonly schemaType: SchemaType;
  /** Parse + validate; throws InvalidSchemaError (42201) with a readable message. */
  parse(text: string, references?: ResolvedReference[], options?: ParseOptions): P;
  /**
   * Human-readable incompatibilities of `newSchema` against `previous` (oldest first) under `level`.
   * Empty = compatible.
   */
  isCompatible(newSchema: P, previous: readonly P[], level: CompatibilityLevel): string[];
}
