// `-o human|json|yaml` for every command: lists, single objects, free-form documents and
// status lines, written to the streams a command was given (tests pass buffers).
import { goJson } from './go-json';
import { goYaml } from './yaml';
import { renderListTable, renderSingleTable } from './table';
import { cellText, isEmptyValue, serializedRow, sortRows, type Field, type Row } from './fields';

export type Format = 'human' | 'json' | 'yaml';
export const FORMATS: Format[] = ['human', 'json', 'yaml'];

export interface Streams {
  stdout(text: string): void;
  stderr(text: string): void;
}

export class Printer {
  constructor(
    readonly streams: Streams,
    readonly format: Format = 'human',
  ) {}

  get serialized(): boolean {
    return this.format !== 'human';
  }

  list(fields: Field[], rows: Row[], opts: { sort?: boolean } = {}): void {
    const sorted = opts.sort === false ? rows : sortRows(fields, rows);
    if (this.serialized) return this.document(sorted.map((r) => serializedRow(fields, r)));
    this.streams.stdout(listText(fields, sorted));
  }

  object(fields: Field[], row: Row, opts: { human?: Row; autoWrap?: boolean } = {}): void {
    if (this.serialized) return this.document(serializedRow(fields, row));
    this.streams.stdout(objectText(fields, opts.human ?? row, opts.autoWrap));
  }

  /** A JSON/YAML document as is (commands whose serialized shape is not a field list). */
  document(value: unknown): void {
    this.streams.stdout(this.format === 'yaml' ? goYaml(value) : goJson(value));
  }

  /** Confirmation lines ("Deleted …", "Using …"): stdout, as the Go CLI does. */
  line(text: string): void {
    this.streams.stdout(text + '\n');
  }

  /** Notes and warnings ("It may take …"): stderr, so they never pollute piped output. */
  note(text: string): void {
    this.streams.stderr(text + '\n');
  }
}

export function listText(fields: Field[], rows: Row[]): string {
  if (rows.length === 0) return 'None found.\n';
  const cells = rows.map((r) =>
    fields.map((f) => (f.kind === 'current' ? (r[f.key] ? '*' : ' ') : cellText(r[f.key]))),
  );
  return renderListTable(
    fields.map((f) => f.title),
    cells,
    fields.map((f) => (f.kind === 'int' ? 'right' : 'left')),
  );
}

export function objectText(fields: Field[], row: Row, autoWrap = true): string {
  const rows: [string, string][] = fields
    .filter((f) => !(f.omitEmpty && isEmptyValue(row[f.key])))
    .map((f) => [f.title, cellText(row[f.key] ?? (f.kind === 'current' || f.kind === 'bool' ? false : ''))]);
  return renderSingleTable(rows, autoWrap);
}
