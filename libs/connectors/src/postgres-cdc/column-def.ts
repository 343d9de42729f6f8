// A captured column as the catalog describes it (pg_attribute / pg_type): enough to build its
// Connect schema and to convert its text-format value (snapshot and pgoutput both give text).
export interface PgColumnDef {
  name: string;
  /** pg_type.typname: int4, numeric, timestamptz, _int4 (arrays), an enum's name, … */
  typeName: string;
  /** pg_type.typtype: b base, e enum, d domain (mapped as its base type), r range, c composite. */
  typeKind: string;
  /** For arrays: the element's typname (and enum labels in `enumLabels`), else null. */
  elementType: string | null;
  /** pg_attribute.atttypmod (-1: none). */
  typmod: number;
  nullable: boolean;
  /** Labels of an enum (or enum array element) type in sort order. */
  enumLabels: string[] | null;
}

export interface PgTableDef {
  schema: string;
  table: string;
  columns: PgColumnDef[];
  /** Primary key columns in key order (empty: no key). */
  primaryKey: string[];
  /** pg_class.relreplident: d default, f full, n nothing, i index. */
  replicaIdentity: string;
}

/** numeric(p,s) from its typmod, null when unconstrained. */
export function numericPrecisionScale(typmod: number): { precision: number; scale: number } | null {
  if (typmod < 4) return null;
  const t = typmod - 4;
  return { precision: (t >> 16) & 0xffff, scale: t & 0xffff };
}

/** Fractional-second digits of time/timestamp(tz) (6 when unspecified). */
export function fractionalDigits(typmod: number): number {
  return typmod < 0 ? 6 : typmod;
}
