// Word wrapping as the Go CLI's table library does it: a cell wider than MAX_CELL_WIDTH is split on
// spaces into lines of minimal raggedness (sum of squared slack), not greedily, so that our tables
// break long cells at the same words as `confluent` does.

export const MAX_CELL_WIDTH = 30;
const TOO_LONG_PENALTY = 100_000;

/** Display width; cells here are ASCII or BMP text, so code points are close enough. */
export const widthOf = (s: string): number => [...s].length;

/** Splits `text` into lines of at most `limit` columns (longer when a single word is longer). */
export function wrapWords(text: string, limit: number): string[] {
  const words = text.replace(/\n/g, ' ').split(' ');
  const lim = Math.max(limit, ...words.map(widthOf));
  const n = words.length;
  // span(i, j): width of words i..j joined by single spaces
  const prefix = [0];
  for (const w of words) prefix.push(prefix[prefix.length - 1]! + widthOf(w));
  const span = (i: number, j: number) => prefix[j + 1]! - prefix[i]! + (j - i);

  const cost = new Array<number>(n).fill(Number.MAX_SAFE_INTEGER);
  const breakAt = new Array<number>(n).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    if (span(i, n - 1) <= lim) {
      cost[i] = 0;
      breakAt[i] = n;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const len = span(i, j - 1);
      const slack = lim - len;
      const c = slack * slack + cost[j]! + (len > lim ? TOO_LONG_PENALTY : 0);
      if (c < cost[i]!) {
        cost[i] = c;
        breakAt[i] = j;
      }
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < n; i = breakAt[i]!) lines.push(words.slice(i, breakAt[i]).join(' '));
  return lines;
}

/** A cell's lines: its own lines joined into one paragraph, wrapped to min(its width, MAX_CELL_WIDTH). */
export function cellLines(text: string, autoWrap = true): string[] {
  const raw = text.split('\n');
  if (!autoWrap) return raw;
  const widest = Math.max(...raw.map(widthOf));
  if (widest <= MAX_CELL_WIDTH && raw.length === 1) return raw;
  return wrapWords(raw.join(' '), Math.min(widest, MAX_CELL_WIDTH));
}
