// Interprets compiled layouts: one generic encoder/decoder for every API and version.
import { ProtocolError, Reader, Writer } from './io';
import { CompiledField, CompiledMessage, CompiledStruct, layoutFor } from './schema';

// Fetch responses may carry records as a list of buffers so log data is never concatenated.
export type RecordsValue = Buffer | Buffer[] | null;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = Record<string, any>;

function writeLen(w: Writer, compact: boolean, n: number, wide: boolean): void {
  if (compact) w.uvarint(n + 1);
  else if (wide) w.int32(n);
  else w.int16(n);
}

function writeNull(w: Writer, f: CompiledField, wide: boolean): void {
  if (!f.nullable) throw new ProtocolError(`field ${f.key} is not nullable`);
  if (f.compact) w.uvarint(0);
  else if (wide) w.int32(-1);
  else w.int16(-1);
}

function writeScalar(w: Writer, f: CompiledField, v: unknown): void {
  switch (f.kind) {
    case 'bool':
      w.int8(v ? 1 : 0);
      return;
    case 'int8':
      w.int8(v as number);
      return;
    case 'int16':
      w.int16(v as number);
      return;
    case 'uint16':
      w.uint16(v as number);
      return;
    case 'int32':
      w.int32(v as number);
      return;
    case 'uint32':
      w.uint32(v as number);
      return;
    case 'int64':
      w.int64(v as number);
      return;
    case 'float64':
      w.float64(v as number);
      return;
    case 'uuid': {
      const b = v as Buffer;
      if (b.length !== 16) throw new ProtocolError(`uuid ${f.key} must be 16 bytes`);
      w.raw(b);
      return;
    }
    case 'string': {
      if (v === null) return writeNull(w, f, false);
      const b = Buffer.from(v as string, 'utf8');
      writeLen(w, f.compact, b.length, false);
      w.raw(b);
      return;
    }
    case 'bytes':
    case 'records': {
      if (v === null) return writeNull(w, f, true);
      if (Array.isArray(v)) {
        let n = 0;
        for (const b of v as Buffer[]) n += b.length;
        writeLen(w, f.compact, n, true);
        for (const b of v as Buffer[]) w.raw(b);
        return;
      }
      const b = v as Buffer;
      writeLen(w, f.compact, b.length, true);
      w.raw(b);
      return;
    }
    case 'struct':
      encodeStruct(w, f.struct!, (v ?? {}) as Msg);
      return;
  }
}

function writeField(w: Writer, f: CompiledField, v: unknown): void {
  if (v === undefined) v = f.def;
  if (f.array) {
    if (v === null) return writeNull(w, f, true);
    const arr = v as unknown[];
    writeLen(w, f.compact, arr.length, true);
    for (const item of arr) writeScalar(w, f, item);
    return;
  }
  if (v === null && f.kind === 'struct') {
    if (!f.nullable) v = {};
    else {
      // Nullable structs are prefixed by a presence byte.
      w.int8(-1);
      return;
    }
  } else if (f.kind === 'struct' && f.nullable) {
    w.int8(1);
  }
  writeScalar(w, f, v);
}

export function encodeStruct(w: Writer, s: CompiledStruct, obj: Msg): void {
  for (const f of s.fields) writeField(w, f, obj[f.key]);
  if (!s.flexible) return;
  const present = s.tagged.filter((f) => obj[f.key] !== undefined && obj[f.key] !== null && obj[f.key] !== f.def);
  w.uvarint(present.length);
  for (const f of present) {
    const sub = new Writer();
    writeField(sub, f, obj[f.key]);
    const b = sub.toBuffer();
    w.uvarint(f.tag!);
    w.uvarint(b.length);
    w.raw(b);
  }
}

function readLen(r: Reader, compact: boolean, wide: boolean): number {
  if (compact) return r.uvarint() - 1;
  return wide ? r.int32() : r.int16();
}

function readScalar(r: Reader, f: CompiledField): unknown {
  switch (f.kind) {
    case 'bool':
      return r.int8() !== 0;
    case 'int8':
      return r.int8();
    case 'int16':
      return r.int16();
    case 'uint16':
      return r.uint16();
    case 'int32':
      return r.int32();
    case 'uint32':
      return r.uint32();
    case 'int64':
      return r.int64();
    case 'float64':
      return r.float64();
    case 'uuid':
      return r.bytes(16);
    case 'string': {
      const n = readLen(r, f.compact, false);
      if (n < 0) {
        if (!f.nullable) throw new ProtocolError(`null in non-nullable ${f.key}`);
        return null;
      }
      return r.bytes(n).toString('utf8');
    }
    case 'bytes':
    case 'records': {
      const n = readLen(r, f.compact, true);
      if (n < 0) {
        if (!f.nullable) throw new ProtocolError(`null in non-nullable ${f.key}`);
        return null;
      }
      return r.bytes(n);
    }
    case 'struct':
      return decodeStruct(r, f.struct!);
  }
}

function readField(r: Reader, f: CompiledField): unknown {
  if (f.array) {
    const n = readLen(r, f.compact, true);
    if (n < 0) {
      if (!f.nullable) throw new ProtocolError(`null in non-nullable array ${f.key}`);
      return null;
    }
    // Each element takes at least one byte, so a larger count is a malformed frame.
    if (n > r.remaining()) throw new ProtocolError(`array ${f.key} length ${n} exceeds frame`);
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = readScalar(r, f);
    return out;
  }
  if (f.kind === 'struct' && f.nullable) {
    if (r.int8() < 0) return null;
  }
  return readScalar(r, f);
}

export function decodeStruct(r: Reader, s: CompiledStruct): Msg {
  const obj: Msg = {};
  for (const f of s.fields) obj[f.key] = readField(r, f);
  if (!s.flexible) return obj;
  for (const f of s.tagged) obj[f.key] = f.def;
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    const body = r.bytes(size);
    const f = s.byTag.get(tag);
    if (f) obj[f.key] = readField(new Reader(body), f);
  }
  return obj;
}

export function encodeMessage(w: Writer, msg: CompiledMessage, version: number, obj: Msg): void {
  encodeStruct(w, layoutFor(msg, version), obj);
}

export function decodeMessage(r: Reader, msg: CompiledMessage, version: number): Msg {
  return decodeStruct(r, layoutFor(msg, version));
}
