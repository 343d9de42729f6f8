// Avro binary decoding (the Avro 1.11 specification) into plain JSON for display: unions are
// unwrapped, bytes/fixed shown as \u-escaped strings as Avro's JSON encoding does, longs as numbers.
export type AvroSchema = string | AvroSchema[] | { type: string | AvroSchema; [k: string]: unknown };

export class ByteReader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.buf.length) throw new Error('unexpected end of data');
    return this.buf[this.pos++] as number;
  }

  /** Zig-zag varint (int and long); exact up to 2^53. */
  long(): number {
    let n = 0;
    let mul = 1;
    let b: number;
    do {
      b = this.byte();
      n += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  bytes(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new Error('unexpected end of data');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

const utf8 = new TextDecoder();
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const latin1 = (b: Uint8Array) => Array.from(b, (c) => String.fromCharCode(c)).join('');

interface Named {
  [name: string]: AvroSchema;
}

function fullName(name: string, namespace: unknown): string {
  return name.includes('.') || !namespace ? name : `${String(namespace)}.${name}`;
}

function decodeValue(schema: AvroSchema, r: ByteReader, named: Named, ns?: string): unknown {
  if (Array.isArray(schema)) {
    const branch = schema[r.long()];
    if (branch === undefined) throw new Error('union branch out of range');
    return decodeValue(branch, r, named, ns);
  }
  if (typeof schema === 'string') {
    switch (schema) {
      case 'null':
        return null;
      case 'boolean':
        return r.byte() !== 0;
      case 'int':
      case 'long':
        return r.long();
      case 'float':
        return view(r.bytes(4)).getFloat32(0, true);
      case 'double':
        return view(r.bytes(8)).getFloat64(0, true);
      case 'bytes':
        return latin1(r.bytes(r.long()));
      case 'string':
        return utf8.decode(r.bytes(r.long()));
      default: {
        const ref = named[schema] ?? (ns ? named[`${ns}.${schema}`] : undefined);
        if (!ref) throw new Error(`unknown Avro type ${schema}`);
        return decodeValue(ref, r, named, ns);
      }
    }
  }
  const s = schema as { type: string | AvroSchema; [k: string]: unknown };
  if (typeof s.type !== 'string') return decodeValue(s.type, r, named, ns);
  const nsHere = (s.namespace as string | undefined) ?? ns;
  switch (s.type) {
    case 'record':
    case 'error': {
      named[fullName(String(s.name), nsHere)] = s;
      const out: Record<string, unknown> = {};
      for (const f of s.fields as Array<{ name: string; type: AvroSchema }>)
        out[f.name] = decodeValue(f.type, r, named, nsHere);
      return out;
    }
    case 'enum': {
      named[fullName(String(s.name), nsHere)] = s;
      return (s.symbols as string[])[r.long()];
    }
    case 'fixed': {
      named[fullName(String(s.name), nsHere)] = s;
      return latin1(r.bytes(Number(s.size)));
    }
    case 'array': {
      const out: unknown[] = [];
      for (let n = r.long(); n !== 0; n = r.long()) {
        if (n < 0) {
          n = -n;
          r.long(); // block size in bytes
        }
        for (let i = 0; i < n; i++) out.push(decodeValue(s.items as AvroSchema, r, named, nsHere));
      }
      return out;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (let n = r.long(); n !== 0; n = r.long()) {
        if (n < 0) {
          n = -n;
          r.long();
        }
        for (let i = 0; i < n; i++) {
          const k = utf8.decode(r.bytes(r.long()));
          out[k] = decodeValue(s.values as AvroSchema, r, named, nsHere);
        }
      }
      return out;
    }
    default:
      // a primitive written as {"type": "long", "logicalType": …}
      return decodeValue(s.type, r, named, nsHere);
  }
}

/** Decodes one Avro datum written with `schema` (the writer's schema, as JSON text or parsed). */
export function decodeAvro(schema: string | AvroSchema, data: Uint8Array): unknown {
  const parsed: AvroSchema =
    typeof schema === 'string' && /^\s*[[{"]/.test(schema) ? (JSON.parse(schema) as AvroSchema) : schema;
  const r = new ByteReader(data);
  return decodeValue(parsed, r, {});
}
