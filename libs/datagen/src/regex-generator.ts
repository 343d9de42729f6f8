import ret, { types } from 'ret';
import type { Rng } from './prng';

/**
 * Random strings matching a regex, parsed with `ret` (the tokenizer behind randexp) and generated with a
 * seeded Rng. We walk the tokens ourselves rather than use randexp because the length behaviour of
 * Generex (what avro-random-generator uses) shapes how Confluent's data looks: at a point where the
 * string may end it keeps growing while shorter than the soft minimum (8 by default), then stops with
 * ~35% chance per step, and stops at the soft maximum. So `User_[1-9]{0,1}` always yields `User_N` and
 * `Item_[1-9][0-9]{0,2}` yields `Item_` + 3 digits, as in Confluent's topics.
 */
export interface RegexGenerator {
  generate(rng: Rng, minLength: number, maxLength: number): string;
}

type Node =
  | { kind: 'lit'; text: string }
  | { kind: 'set'; ranges: number[]; total: number }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'rep'; min: number; max: number; item: Node; tail: boolean };

// Complement of a negated class (and `.`) is taken within printable ASCII, as randexp does.
const UNIVERSE_FROM = 32;
const UNIVERSE_TO = 126;
const UNBOUNDED_EXTRA_CAP = 100;
/** Generex stops at an accepting state (once past the minimum) when a signed int falls below 0.3 * MAX_INT: ~35%. */
const STOP_THRESHOLD = Math.floor(0.35 * 0x100000000);

/** Throws an Error with a readable message when the regex is invalid or uses back-references. */
export function compileRegex(source: string): RegexGenerator {
  const root = ret(source);
  const node = compileToken(root, true);
  return {
    generate(rng, minLength, maxLength) {
      const state = { s: '' };
      gen(node, state, rng, minLength, maxLength);
      return state.s;
    },
  };
}

type AnyToken = ReturnType<typeof ret> | { type: types; [k: string]: unknown };

function compileToken(token: AnyToken, tail: boolean): Node {
  const t = token as unknown as Record<string, unknown> & { type: types };
  switch (t.type) {
    case types.ROOT:
    case types.GROUP:
      if (t.options) {
        const options = (t.options as AnyToken[][]).map((stack) => compileSeq(stack, tail));
        return options.length === 1 ? options[0] : { kind: 'alt', options };
      }
      return compileSeq((t.stack as AnyToken[]) ?? [], tail);
    case types.POSITION:
      return { kind: 'lit', text: '' };
    case types.CHAR:
      return { kind: 'lit', text: String.fromCodePoint(t.value as number) };
    case types.SET:
    case types.RANGE: {
      const ranges = setRanges(t);
      let total = 0;
      for (let i = 0; i < ranges.length; i += 2) total += ranges[i + 1] - ranges[i] + 1;
      if (total === 0) throw new Error('character class matches nothing');
      return { kind: 'set', ranges, total };
    }
    case types.REPETITION: {
      const max = t.max === null || t.max === undefined || t.max === Infinity ? Infinity : (t.max as number);
      return { kind: 'rep', min: t.min as number, max, item: compileToken(t.value as AnyToken, tail), tail };
    }
    case types.REFERENCE:
      throw new Error('back-references are not supported');
    default:
      throw new Error(`unsupported regex token ${String(t.type)}`);
  }
}

function compileSeq(stack: AnyToken[], tail: boolean): Node {
  const items: Node[] = [];
  for (let i = 0; i < stack.length; i++) {
    // Only a token followed by nothing that produces characters sits where the string may end.
    const rest = stack.slice(i + 1);
    items.push(compileToken(stack[i], tail && rest.every((x) => maxLen(x) === 0)));
  }
  const merged: Node[] = [];
  for (const n of items) {
    const prev = merged[merged.length - 1];
    if (n.kind === 'lit' && prev?.kind === 'lit') merged[merged.length - 1] = { kind: 'lit', text: prev.text + n.text };
    else merged.push(n);
  }
  return merged.length === 1 ? merged[0] : { kind: 'seq', items: merged };
}

function maxLen(token: AnyToken): number {
  const t = token as unknown as Record<string, unknown> & { type: types };
  switch (t.type) {
    case types.POSITION:
    case types.REFERENCE:
      return 0;
    case types.ROOT:
    case types.GROUP: {
      const stacks = (t.options as AnyToken[][] | undefined) ?? [(t.stack as AnyToken[]) ?? []];
      return Math.max(0, ...stacks.map((s) => s.reduce((acc, x) => acc + maxLen(x), 0)));
    }
    case types.REPETITION: {
      const inner = maxLen(t.value as AnyToken);
      if (inner === 0) return 0;
      return t.max === null || t.max === undefined ? Infinity : (t.max as number) * inner;
    }
    default:
      return 1;
  }
}

/** Flattened [from, to, from, to, ...] code point ranges of a (possibly negated, possibly nested) class. */
function setRanges(t: Record<string, unknown> & { type: types }): number[] {
  if (t.type === types.CHAR) return [t.value as number, t.value as number];
  if (t.type === types.RANGE) return [t.from as number, t.to as number];
  const inner: number[] = [];
  for (const member of t.set as Array<Record<string, unknown> & { type: types }>) inner.push(...setRanges(member));
  if (!t.not) return inner;
  const out: number[] = [];
  let start = -1;
  for (let c = UNIVERSE_FROM; c <= UNIVERSE_TO + 1; c++) {
    const included = c <= UNIVERSE_TO && !inRanges(inner, c);
    if (included && start < 0) start = c;
    if (!included && start >= 0) {
      out.push(start, c - 1);
      start = -1;
    }
  }
  return out;
}

function inRanges(ranges: number[], c: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (c >= ranges[i] && c <= ranges[i + 1]) return true;
  return false;
}

function gen(node: Node, st: { s: string }, rng: Rng, minLen: number, maxLen: number): void {
  switch (node.kind) {
    case 'lit':
      st.s += node.text;
      return;
    case 'set': {
      let i = rng.below(node.total);
      const r = node.ranges;
      for (let k = 0; k < r.length; k += 2) {
        const size = r[k + 1] - r[k] + 1;
        if (i < size) {
          st.s += String.fromCodePoint(r[k] + i);
          return;
        }
        i -= size;
      }
      return;
    }
    case 'seq':
      for (const item of node.items) gen(item, st, rng, minLen, maxLen);
      return;
    case 'alt':
      gen(node.options[rng.below(node.options.length)], st, rng, minLen, maxLen);
      return;
    case 'rep': {
      let count = 0;
      for (; count < node.min; count++) gen(node.item, st, rng, minLen, maxLen);
      if (node.tail) {
        // Where the string may end: Generex's soft length limits decide.
        while (count < node.max) {
          if (st.s.length + 1 >= maxLen) break;
          if (st.s.length >= minLen && rng.nextU32() < STOP_THRESHOLD) break;
          gen(node.item, st, rng, minLen, maxLen);
          count++;
        }
      } else if (node.max !== Infinity) {
        const extra = rng.below(node.max - node.min + 1);
        for (let k = 0; k < extra; k++) gen(node.item, st, rng, minLen, maxLen);
      } else {
        for (let k = 0; k < UNBOUNDED_EXTRA_CAP && rng.nextBoolean(); k++) gen(node.item, st, rng, minLen, maxLen);
      }
      return;
    }
  }
}
