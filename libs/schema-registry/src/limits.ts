import { InvalidSchemaError } from './errors';
import type { ParseOptions, SchemaType } from './types';

export const DEFAULT_MAX_SCHEMA_LENGTH = 1_000_000;
export const DEFAULT_MAX_DEPTH = 200;

/** Rejects oversized text before any parser sees it, so huge inputs cost O(n) and give 42201. */
export function assertSchemaSize(type: SchemaType, text: unknown, options: ParseOptions | undefined): string {
  if (typeof text !== 'string') throw new InvalidSchemaError(`Invalid ${type} schema: the schema must be a string`);
  const max = options?.maxSchemaLength ?? DEFAULT_MAX_SCHEMA_LENGTH;
  if (text.length > max) {
    throw new InvalidSchemaError(`Invalid ${type} schema: schema is ${text.length} characters, the limit is ${max}`);
  }
  if (text.trim() === '') throw new InvalidSchemaError(`Invalid ${type} schema: the schema is empty`);
  return text;
}

/**
 * Nesting depth of JSON text without recursion (brackets outside strings), so a pathological
 * `[[[[…` is refused before JSON.parse or our recursive walkers could overflow the stack.
 */
export function assertJsonDepth(type: SchemaType, text: string, options: ParseOptions | undefined): void {
  const max = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) throw new InvalidSchemaError(`Invalid ${type} schema: nesting deeper than ${max} levels`);
    } else if (c === 125 || c === 93) depth--;
  }
}

export const DEFAULT_MAX_PROTOBUF_BLOCK_STATEMENTS = 2000;

/**
 * Counts `;` directly inside each `{…}` block (comments and strings skipped). A nested block counts
 * as one statement of its parent, and a `oneof` block's fields count for the enclosing message too
 * (they are the message's fields): 20,000 one-field oneofs otherwise pass and take minutes to parse.
 */
export function assertProtobufBlockSizes(text: string, options: ParseOptions | undefined): void {
  const max = options?.maxProtobufBlockStatements ?? DEFAULT_MAX_PROTOBUF_BLOCK_STATEMENTS;
  const counts: number[] = [0];
  const oneof: boolean[] = [false];
  const refuse = (): never => {
    throw new InvalidSchemaError(`Invalid PROTOBUF schema: more than ${max} statements in one block`);
  };
  const count = (): void => {
    // A oneof's statements also count in the block around it.
    for (let d = counts.length - 1; d >= 0; d--) {
      if (++(counts[d] as number) > max) refuse();
      if (!oneof[d]) break;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '{') {
      count();
      counts.push(0);
      oneof.push(/\boneof\s+[A-Za-z_][\w]*\s*$/.test(text.slice(Math.max(0, i - 300), i)));
    } else if (c === '}') {
      if (counts.length > 1) {
        counts.pop();
        oneof.pop();
      }
    } else if (c === ';') count();
  }
}
