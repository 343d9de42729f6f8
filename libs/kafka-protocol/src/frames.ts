// Request/response headers and whole frames (int32 size prefix + header + body).
import { ApiDef, ApiKey, isFlexible } from './apis';
import { decodeMessage, encodeMessage, Msg } from './codec';
import { Reader, Writer } from './io';
import { message } from './schema';

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

// Reads just the fixed part (key, version, correlation id) so unknown APIs can be rejected.
export function peekHeader(frame: Buffer): { apiKey: number; apiVersion: number; correlationId: number } {
  const r = new Reader(frame);
  return { apiKey: r.int16(), apiVersion: r.int16(), correlationId: r.int32() };
}

// Request header v1 (non-flexible API version) or v2 (flexible); v2 keeps the int16 client id.
export function decodeRequestHeader(r: Reader, flexible: boolean): RequestHeader {
  return decodeMessage(r, message('RequestHeader'), flexible ? 2 : 1) as unknown as RequestHeader;
}

export function encodeRequestHeader(w: Writer, h: RequestHeader, flexible: boolean): void {
  encodeMessage(w, message('RequestHeader'), flexible ? 2 : 1, {
    requestApiKey: h.apiKey,
    requestApiVersion: h.apiVersion,
    correlationId: h.correlationId,
    clientId: h.clientId,
  });
}

export function decodeRequest(frame: Buffer, def: ApiDef): { header: RequestHeader; body: Msg } {
  const r = new Reader(frame);
  const version = frame.readInt16BE(2);
  const flexible = isFlexible(def, version);
  const raw = decodeRequestHeader(r, flexible) as unknown as Msg;
  const header: RequestHeader = {
    apiKey: raw.requestApiKey,
    apiVersion: raw.requestApiVersion,
    correlationId: raw.correlationId,
    clientId: raw.clientId,
  };
  const body = decodeMessage(r, def.request, version);
  return { header, body };
}

// Response header v1 (tag section) for flexible versions, except ApiVersions, which always uses v0.
export function responseHeaderFlexible(def: ApiDef, version: number): boolean {
  return def.key !== ApiKey.ApiVersions && isFlexible(def, version);
}

// A frame as the writer's chunks: the 4-byte size, then what `write` writes.
function frameChunks(write: (w: Writer) => void): Buffer[] {
  const w = new Writer();
  w.int32(0);
  write(w);
  const total = w.length;
  const chunks = w.toChunks();
  chunks[0].writeInt32BE(total - 4, 0);
  return chunks;
}

// Encodes a whole response frame; returns chunks ready for socket.write (first 4 bytes = size).
export function encodeResponseFrame(def: ApiDef, version: number, correlationId: number, body: Msg): Buffer[] {
  return frameChunks((w) => {
    w.int32(correlationId);
    if (responseHeaderFlexible(def, version)) w.uvarint(0);
    encodeMessage(w, def.response, version, body);
  });
}

// Client side: a request frame as the writer's chunks, in order (a produce request's record
// batches stay their own buffers: written with one writev, never copied into one frame).
export function encodeRequestChunks(
  def: ApiDef,
  version: number,
  header: Omit<RequestHeader, 'apiKey' | 'apiVersion'>,
  body: Msg,
): Buffer[] {
  return frameChunks((w) => {
    encodeRequestHeader(w, { ...header, apiKey: def.key, apiVersion: version }, isFlexible(def, version));
    encodeMessage(w, def.request, version, body);
  });
}

// Client side (tests, tools): encode a request frame as one buffer.
export function encodeRequestFrame(
  def: ApiDef,
  version: number,
  header: Omit<RequestHeader, 'apiKey' | 'apiVersion'>,
  body: Msg,
): Buffer {
  const chunks = encodeRequestChunks(def, version, header, body);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

// Client side: decode a response frame body (without the size prefix).
export function decodeResponse(frame: Buffer, def: ApiDef, version: number): { correlationId: number; body: Msg } {
  const r = new Reader(frame);
  const correlationId = r.int32();
  if (responseHeaderFlexible(def, version)) {
    const n = r.uvarint();
    for (let i = 0; i < n; i++) {
      r.uvarint();
      r.bytes(r.uvarint());
    }
  }
  return { correlationId, body: decodeMessage(r, def.response, version) };
}
