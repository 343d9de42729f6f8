import * as protobuf from 'protobufjs';

// Checks a plain JS value against a message type before protobufjs' fromObject, which coerces
// silently (e.g. "abc" into int64 0). Accepts the same spellings fromObject does: enum names,
// decimal strings for 64-bit integers, base64 strings for bytes.

const INT32 = new Set(['int32', 'sint32', 'sfixed32', 'uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);

function scalarProblem(type: string, v: unknown): string | undefined {
  if (INT32.has(type)) return typeof v === 'number' && Number.isInteger(v) ? undefined : 'integer expected';
  if (INT64.has(type)) {
    if (typeof v === 'number' && Number.isInteger(v)) return undefined;
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return undefined;
    if (typeof v === 'bigint') return undefined;
    if (
      v &&
      typeof v === 'object' &&
      Number.isInteger((v as { low?: unknown }).low) &&
      Number.isInteger((v as { high?: unknown }).high)
    )
      return undefined;
    return 'integer or decimal string expected';
  }
  if (type === 'double' || type === 'float')
    return typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity'
      ? undefined
      : 'number expected';
  if (type === 'bool') return typeof v === 'boolean' ? undefined : 'boolean expected';
  if (type === 'string') return typeof v === 'string' ? undefined : 'string expected';
  if (type === 'bytes')
    return v instanceof Uint8Array || typeof v === 'string'
      ? undefined
      : 'bytes (Uint8Array or base64 string) expected';
  return undefined;
}

function valueProblem(field: protobuf.Field, v: unknown, path: string, depth: number): string | undefined {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Enum) {
    if (typeof v === 'string') return v in rt.values ? undefined : `${path}: unknown enum name ${v}`;
    return typeof v === 'number' && Number.isInteger(v) ? undefined : `${path}: enum name or number expected`;
  }
  if (rt instanceof protobuf.Type) return messageProblem(rt, v, path, depth + 1);
  const p = scalarProblem(field.type, v);
  return p ? `${path}: ${p}` : undefined;
}

export function messageProblem(type: protobuf.Type, value: unknown, path = '', depth = 0): string | undefined {
  if (depth > 100) return undefined;
  if (value instanceof type.ctor) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return `${path || type.name}: object expected`;
  const obj = value as Record<string, unknown>;
  for (const field of type.fieldsArray) {
    field.resolve();
    const v = obj[field.name];
    if (v === undefined || v === null) continue;
    const p = path ? `${path}.${field.name}` : field.name;
    if (field.map) {
      if (typeof v !== 'object' || Array.isArray(v)) return `${p}: object expected for map`;
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        const problem = valueProblem(field, item, `${p}[${k}]`, depth);
        if (problem) return problem;
      }
    } else if (field.repeated) {
      if (!Array.isArray(v)) return `${p}: array expected`;
      for (let i = 0; i < v.length; i++) {
        const problem = valueProblem(field, v[i], `${p}[${i}]`, depth);
        if (problem) return problem;
      }
    } else {
      const problem = valueProblem(field, v, p, depth);
      if (problem) return problem;
    }
  }
  return undefined;
}
