// KIP-821 field paths for ExtractField: V1 is one top-level name; V2 splits on dots, with
// backtick-quoted steps for names containing dots (`a.b`.c) and \` as an escaped backtick.
import { ConfigException, type Field, isPlainObject, type Schema, Struct } from '@libs/connect-spi';

export type FieldSyntaxVersion = 'V1' | 'V2';

export function parseFieldPath(path: string, version: FieldSyntaxVersion): string[] {
  if (version === 'V1') return [path];
  const steps: string[] = [];
  let i = 0;
  while (i <= path.length) {
    if (path[i] === '`') {
      let step = '';
      let j = i + 1;
      let closed = false;
      while (j < path.length) {
        if (path[j] === '\\' && path[j + 1] === '`') {
          step += '`';
          j += 2;
        } else if (path[j] === '`' && (j + 1 === path.length || path[j + 1] === '.')) {
          closed = true;
          j++;
          break;
        } else step += path[j++];
      }
      if (!closed)
        throw new ConfigException(
          `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${i} to escape it`,
        );
      steps.push(step);
      i = j + 1;
    } else {
      const dot = path.indexOf('.', i);
      const end = dot < 0 ? path.length : dot;
      steps.push(path.slice(i, end));
      i = end + 1;
    }
    if (i > path.length) break;
  }
  return steps;
}

export function valueFromMap(value: Record<string, unknown>, steps: string[]): unknown {
  let cur: unknown = value;
  for (const s of steps) {
    if (cur instanceof Map) cur = cur.get(s);
    else if (isPlainObject(cur)) cur = cur[s];
    else return null;
    if (cur === undefined || cur === null) return null;
  }
  return cur;
}

export function fieldFromSchema(schema: Schema, steps: string[]): Field | null {
  let cur: Schema = schema;
  let field: Field | null = null;
  for (const s of steps) {
    if (cur.type !== 'STRUCT') return null;
    field = cur.field(s);
    if (!field) return null;
    cur = field.schema;
  }
  return field;
}

export function valueFromStruct(value: Struct, steps: string[], replaceNullWithDefault: boolean): unknown {
  let cur: unknown = value;
  for (const s of steps) {
    if (!(cur instanceof Struct)) return null;
    cur = replaceNullWithDefault ? cur.get(s) : cur.getWithoutDefault(s);
    if (cur === null) return null;
  }
  return cur;
}
