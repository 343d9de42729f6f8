// What a command prints, declared once per resource: a field's human title, its JSON/YAML key, and
// how it renders. The Go CLI derives the same three things from struct tags.

export type FieldKind = 'string' | 'int' | 'bool' | 'current';

export interface Field {
  title: string;
  key: string;
  kind?: FieldKind;
  /** Dropped from single-object tables and serialized output when empty; lists keep the column. */
  omitEmpty?: boolean;
}

export type Row = Record<string, unknown>;

export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

/** A value as Go's fmt.Sprint shows it in a table cell. */
export function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(cellText).join(', ');
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${k}=${cellText(x)}`)
      .sort()
      .join('\n');
  return String(v);
}

/** The object a row serializes to with `-o json|yaml`: keys in field order, empty omitEmpty fields left out. */
export function serializedRow(fields: Field[], row: Row): Row {
  const out: Row = {};
  for (const f of fields) {
    const v = row[f.key];
    if (f.omitEmpty && isEmptyValue(v)) continue;
    out[f.key] = v ?? defaultOf(f);
  }
  return out;
}

function defaultOf(f: Field): unknown {
  if (f.kind === 'int') return 0;
  if (f.kind === 'bool' || f.kind === 'current') return false;
  return '';
}

/** Go CLI list order: by each column's text in turn, the Current column skipped. */
export function sortRows(fields: Field[], rows: Row[]): Row[] {
  const keys = fields.filter((f) => f.kind !== 'current').map((f) => f.key);
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const x = cellText(a[k] ?? '');
      const y = cellText(b[k] ?? '');
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}
