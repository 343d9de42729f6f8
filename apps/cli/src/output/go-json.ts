// JSON as the Go CLI prints it: encoding/json (which escapes <, > and & as \u003c, \u003e, \u0026,
// and U+2028/U+2029) pretty-printed by tidwall/pretty (2-space indent; an array without objects in
// it stays on one line, `[a, b]`, when it fits in 80 columns). Scripts that diff our output against
// `confluent`'s get the same bytes.

const LINE_WIDTH = 80;

const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

export function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => ESCAPES[c]!);
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** One-line form of an array holding no object, or undefined when it holds one. */
function inlineArray(values: unknown[]): string | undefined {
  const parts: string[] = [];
  for (const v of values) {
    if (Array.isArray(v)) {
      const inner = inlineArray(v);
      if (inner === undefined) return undefined;
      parts.push(inner);
    } else if (isContainer(v)) return undefined;
    else parts.push(scalar(v));
  }
  return `[${parts.join(', ')}]`;
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return goString(v);
  if (v === undefined || v === null) return 'null';
  return JSON.stringify(v);
}

function render(v: unknown, indent: string, column: number): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const inline = inlineArray(v);
    if (inline !== undefined && inline.length <= LINE_WIDTH - column) return inline;
    const inner = indent + '  ';
    return `[\n${v.map((x) => inner + render(x, inner, inner.length)).join(',\n')}\n${indent}]`;
  }
  if (isContainer(v)) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    const body = entries.map(([k, x]) => {
      const head = `${inner}${goString(k)}: `;
      return head + render(x, inner, head.length);
    });
    return `{\n${body.join(',\n')}\n${indent}}`;
  }
  return scalar(v);
}

/** `value` as the Go CLI prints it with `-o json`, newline-terminated. */
export function goJson(value: unknown): string {
  return render(value, '', 0) + '\n';
}

/** json.MarshalIndent(v, "", "  ") of a decoded value: map keys sorted as Go sorts a map's, no one-line arrays. */
export function goIndentJson(v: unknown, indent = ''): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const inner = indent + '  ';
    return `[\n${v.map((x) => inner + goIndentJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (isContainer(v)) {
    const entries = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, x]) => `${inner}${goString(k)}: ${goIndentJson(x, inner)}`).join(',\n')}\n${indent}}`;
  }
  return scalar(v);
}

/** Go's time.Time.String() in UTC: `2024-04-02 08:23:33.123 +0000 UTC` (fraction without trailing zeros). */
export function goTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(new Date(iso).toISOString());
  if (!m) return iso;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]} ${m[2]}${fraction ? `.${fraction}` : ''} +0000 UTC`;
}
