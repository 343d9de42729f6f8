// What a record's key or value holds, for display: Schema Registry wire format (magic byte 0, a
// 4-byte schema id, then AVRO / JSON_SR / PROTOBUF data), else JSON text, else text, else bytes.
import { decodeAvro } from './avro';

export interface RegisteredSchema {
  schema: string;
  schemaType?: string;
}

export type Decoded =
  | { kind: 'null' }
  | { kind: 'schema'; format: 'AVRO' | 'JSON_SR' | 'PROTOBUF'; schemaId: number; value: unknown }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; value: string }
  | { kind: 'binary'; hex: string }
  | { kind: 'error'; schemaId?: number; message: string };

export type SchemaLookup = (id: number) => Promise<RegisteredSchema>;

export function base64ToBytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function plain(bytes: Uint8Array): Decoded {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return {
      kind: 'binary',
      hex: Array.from(bytes.subarray(0, 256), (b) => b.toString(16).padStart(2, '0')).join(' '),
    };
  }
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[') || t === 'true' || t === 'false' || /^-?\d/.test(t) || t.startsWith('"')) {
    try {
      return { kind: 'json', value: JSON.parse(t) };
    } catch {
      /* text */
    }
  }
  return { kind: 'text', value: text };
}

/** Protobuf's message-index list after the schema id: a zig-zag count, then the indexes ([0] when 0). */
export function readMessageIndexes(data: Uint8Array, at: number): { indexes: number[]; next: number } {
  let pos = at;
  const varint = () => {
    let n = 0;
    let mul = 1;
    let b: number;
    do {
      b = data[pos++] as number;
      if (b === undefined) throw new Error('unexpected end of data');
      n += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  };
  const count = varint();
  const indexes = count === 0 ? [0] : Array.from({ length: count }, varint);
  return { indexes, next: pos };
}

export async function decodeBytes(b64: string | null, lookup: SchemaLookup | undefined): Promise<Decoded> {
  if (b64 === null) return { kind: 'null' };
  const bytes = base64ToBytes(b64);
  if (bytes.length < 5 || bytes[0] !== 0 || !lookup) return plain(bytes);
  const id = new DataView(bytes.buffer, bytes.byteOffset + 1, 4).getInt32(0, false);
  let schema: RegisteredSchema;
  try {
    schema = await lookup(id);
  } catch (err) {
    // a leading 0 byte that is not a registered id: show the bytes as they are
    const fallback = plain(bytes);
    return fallback.kind === 'binary' ? { kind: 'error', schemaId: id, message: (err as Error).message } : fallback;
  }
  const type = (schema.schemaType ?? 'AVRO').toUpperCase();
  try {
    if (type === 'AVRO')
      return { kind: 'schema', format: 'AVRO', schemaId: id, value: decodeAvro(schema.schema, bytes.subarray(5)) };
    if (type === 'JSON')
      return {
        kind: 'schema',
        format: 'JSON_SR',
        schemaId: id,
        value: JSON.parse(new TextDecoder().decode(bytes.subarray(5))),
      };
    if (type === 'PROTOBUF') {
      const { indexes, next } = readMessageIndexes(bytes, 5);
      const { decodeProtobuf } = await import('./protobuf');
      return {
        kind: 'schema',
        format: 'PROTOBUF',
        schemaId: id,
        value: decodeProtobuf(schema.schema, indexes, bytes.subarray(next)),
      };
    }
    return { kind: 'error', schemaId: id, message: `unsupported schema type ${type}` };
  } catch (err) {
    return { kind: 'error', schemaId: id, message: `could not decode with schema ${id}: ${(err as Error).message}` };
  }
}

/** One line of text for a table cell. */
export function preview(d: Decoded): string {
  switch (d.kind) {
    case 'null':
      return 'null';
    case 'schema':
    case 'json':
      return JSON.stringify(d.value);
    case 'text':
      return d.value;
    case 'binary':
      return d.hex;
    case 'error':
      return `⚠ ${d.message}`;
  }
}
