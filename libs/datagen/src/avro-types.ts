/** Avro schema JSON as written (a type name, a union array, or a type object carrying extra properties). */
export type AvroSchema = string | AvroSchema[] | AvroSchemaObject;

export interface AvroSchemaObject {
  type: AvroSchema;
  name?: string;
  namespace?: string;
  fields?: AvroField[];
  symbols?: string[];
  items?: AvroSchema;
  values?: AvroSchema;
  size?: number;
  logicalType?: string;
  precision?: number;
  scale?: number;
  'arg.properties'?: ArgProperties;
  [extra: string]: unknown;
}

export interface AvroField {
  name: string;
  type: AvroSchema;
  default?: unknown;
  /** Field-level annotations: only `position` (union branch) is read here. */
  'arg.properties'?: { position?: number; [k: string]: unknown };
  [extra: string]: unknown;
}

/** The avro-random-generator annotations (all optional; which apply depends on the type). */
export interface ArgProperties {
  options?: unknown[] | { file: string; encoding?: string };
  iteration?: { start: unknown; step?: unknown; restart?: unknown; initial?: unknown };
  range?: { min?: number; max?: number };
  length?: number | { min?: number; max?: number };
  regex?: string;
  prefix?: string;
  suffix?: string;
  odds?: number;
  keys?: ArgProperties;
  position?: number;
  [k: string]: unknown;
}
