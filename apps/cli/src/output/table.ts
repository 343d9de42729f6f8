// Human tables in the Go CLI's exact layout (its tablewriter settings), written here rather than
// with cli-table3, whose padding, centring and wrapping differ: scripts and eyes used to
// `confluent` should see the same bytes.
//   list:   borderless, centred header, `-` and `+` separator, ` | ` between cells
//   single: `+---+` frame, two left-aligned columns (title, value), no header
import { cellLines, widthOf } from './wrap';

export type Align = 'left' | 'right';

const pad = (s: string, width: number, align: Align | 'center'): string => {
  const room = width - widthOf(s);
  if (room <= 0) return s;
  if (align === 'right') return ' '.repeat(room) + s;
  if (align === 'center') {
    const left = Math.floor(room / 2);
    return ' '.repeat(left) + s + ' '.repeat(room - left);
  }
  return s + ' '.repeat(room);
};

/** Wraps every cell, then gives each column the width of its widest line. */
function layout(rows: string[][], autoWrap = true): { lines: string[][][]; widths: number[] } {
  const lines = rows.map((row) => row.map((cell) => cellLines(cell, autoWrap)));
  const widths: number[] = [];
  for (const row of lines)
    row.forEach((cell, c) => {
      widths[c] = Math.max(widths[c] ?? 0, ...cell.map(widthOf));
    });
  return { lines, widths };
}

/** One table row, as many text lines as its tallest cell. */
function renderRow(
  cells: string[][],
  widths: number[],
  align: (c: number) => Align | 'center',
  edge: string,
  sep: string,
): string[] {
  const height = Math.max(...cells.map((c) => c.length));
  const out: string[] = [];
  for (let l = 0; l < height; l++) {
    const parts = cells.map((cell, c) => ` ${pad(cell[l] ?? '', widths[c]!, align(c))} `);
    out.push(edge + parts.join(sep) + edge);
  }
  return out;
}

export function renderListTable(headers: string[], rows: string[][], aligns: Align[]): string {
  const { lines, widths } = layout([headers, ...rows]);
  const [head, ...body] = lines;
  const out = renderRow(head!, widths, () => 'center', ' ', '|');
  out.push('-' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '-');
  for (const row of body) out.push(...renderRow(row, widths, (c) => aligns[c] ?? 'left', ' ', '|'));
  return out.join('\n') + '\n';
}

/** `autoWrap: false` keeps multi-line cells (pretty JSON) as they are, as the Go CLI's offset tables do. */
export function renderSingleTable(rows: [string, string][], autoWrap = true): string {
  const { lines, widths } = layout(rows, autoWrap);
  const frame = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const out = [frame];
  for (const row of lines) out.push(...renderRow(row, widths, () => 'left', '|', '|'));
  out.push(frame);
  return out.join('\n') + '\n';
}
