// A column as the schema history keeps it (from INFORMATION_SCHEMA.COLUMNS): enough to build its
// Connect schema and to decode binlog rows of the table as it was at a binlog position.
export interface ColumnDef {
  name: string;
  /** DATA_TYPE, lower case: int, varchar, decimal, … */
  dataType: string;
  /** COLUMN_TYPE, lower case: int(10) unsigned, enum('a','b'), … */
  columnType: string;
  nullable: boolean;
  precision: number | null;
  scale: number | null;
  /** DATETIME_PRECISION (fractional seconds digits) for temporal columns. */
  fsp: number | null;
  charset: string | null;
  collation: string | null;
}

export interface TableDef {
  db: string;
  table: string;
  columns: ColumnDef[];
  /** Primary key columns in key order (empty: no key). */
  primaryKey: string[];
}

export function isUnsigned(c: ColumnDef): boolean {
  return /\bunsigned\b/.test(c.columnType);
}

/** The quoted members of enum('a','b') / set('x','y'), unescaped. */
export function enumMembers(columnType: string): string[] {
  const m = /^(?:enum|set)\((.*)\)$/s.exec(columnType);
  if (!m) return [];
  const out: string[] = [];
  const re = /'((?:[^']|'')*)'/g;
  let x: RegExpExecArray | null;
  while ((x = re.exec(m[1]!))) out.push(x[1]!.replace(/''/g, "'").replace(/\\\\/g, '\\'));
  return out;
}

/** BIT(n)'s n. */
export function bitLength(c: ColumnDef): number {
  const m = /^bit\((\d+)\)/.exec(c.columnType);
  return m ? Number(m[1]) : 1;
}
