// A minimal group-less reader: the first records of a topic partition, read with a raw Fetch
// (v4) over one TCP connection, with SASL/PLAIN when configured. No consumer group is joined and no
// offset is committed (kafkajs consumers always join one). Used by the transform preview.
import { Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import {
  api,
  ApiKey,
  BATCH_HEADER_SIZE,
  BATCH_OVERHEAD,
  decodeRecords,
  decodeResponse,
  encodeRequestFrame,
  readBatchHeader,
  type KafkaRecord,
  type Msg,
} from '@libs/kafka-protocol';

export interface RawFetchTarget {
  host: string;
  port: number;
  sasl?: { username: string; password: string } | null;
}

class Conn {
  private buf = Buffer.alloc(0);
  private waiting: ((frame: Buffer) => void) | null = null;
  private failed: Error | null = null;
  private reject: ((e: Error) => void) | null = null;
  private correlation = 0;

  constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.drain();
    });
    const fail = (e: Error) => {
      this.failed = e;
      this.reject?.(e);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  private drain(): void {
    if (!this.waiting || this.buf.length < 4) return;
    const size = this.buf.readInt32BE(0);
    if (this.buf.length < 4 + size) return;
    const frame = this.buf.subarray(4, 4 + size);
    this.buf = this.buf.subarray(4 + size);
    const w = this.waiting;
    this.waiting = null;
    w(frame);
  }

  async call(apiKey: number, version: number, body: Record<string, unknown>): Promise<Msg> {
    const def = api(apiKey);
    if (!def) throw new Error(`unknown api ${apiKey}`);
    if (this.failed) throw this.failed;
    const correlationId = ++this.correlation;
    const frame = await new Promise<Buffer>((resolve, reject) => {
      this.waiting = resolve;
      this.reject = reject;
      this.socket.write(encodeRequestFrame(def, version, { correlationId, clientId: 'connectplane-preview' }, body));
      this.drain();
    });
    return decodeResponse(frame, def, version).body;
  }
}

function connect(target: RawFetchTarget, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error(`timed out connecting to ${target.host}:${target.port}`));
    }, timeoutMs);
    s.once('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
    s.connect(target.port, target.host, () => {
      clearTimeout(t);
      resolve(s);
    });
  });
}

function recordsOf(raw: unknown): KafkaRecord[] {
  const b = Array.isArray(raw) ? Buffer.concat(raw as Buffer[]) : (raw as Buffer | null);
  const out: KafkaRecord[] = [];
  if (!b) return out;
  let at = 0;
  // a fetch answer may end with a partial batch (cut at the byte limit): stop there
  while (b.length - at >= BATCH_HEADER_SIZE) {
    const h = readBatchHeader(b, at);
    const size = h.batchLength + BATCH_OVERHEAD;
    if (at + size > b.length) break;
    if (h.magic === 2 && (h.attributes & 0x20) === 0) {
      const body = b.subarray(at + BATCH_HEADER_SIZE, at + size);
      const codec = h.attributes & 0x07;
      if (codec === 0) out.push(...decodeRecords(h, body));
      else if (codec === 1) out.push(...decodeRecords(h, gunzipSync(body)));
      else
        throw new Error(
          `record batch compressed with codec ${codec}: only uncompressed and gzip batches can be previewed`,
        );
    }
    at += size;
  }
  return out;
}

/** Up to `limit` records of one partition from `fromOffset`, without a consumer group. */
export async function fetchRecords(
  target: RawFetchTarget,
  topic: string,
  partition: number,
  fromOffset: number,
  limit: number,
  timeoutMs = 5000,
): Promise<KafkaRecord[]> {
  const socket = await connect(target, timeoutMs);
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error('fetch timed out')));
  const conn = new Conn(socket);
  try {
    if (target.sasl) {
      const hs = await conn.call(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' });
      if (hs.errorCode !== 0) throw new Error(`SASL handshake failed (error ${hs.errorCode})`);
      const auth = await conn.call(ApiKey.SaslAuthenticate, 1, {
        authBytes: Buffer.from(`\u0000${target.sasl.username}\u0000${target.sasl.password}`, 'utf8'),
      });
      if (auth.errorCode !== 0) throw new Error(`SASL authentication failed: ${auth.errorMessage ?? auth.errorCode}`);
    }
    const out: KafkaRecord[] = [];
    let offset = fromOffset;
    for (let round = 0; round < 20 && out.length < limit; round++) {
      const res = await conn.call(ApiKey.Fetch, 4, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        topics: [{ topic, partitions: [{ partition, fetchOffset: offset, partitionMaxBytes: 1 << 20 }] }],
      });
      const p = res.responses?.[0]?.partitions?.[0];
      if (!p) break;
      if (p.errorCode !== 0) throw new Error(`fetch of ${topic}-${partition} failed (error ${p.errorCode})`);
      const recs = recordsOf(p.records).filter((r) => r.offset >= offset);
      if (recs.length === 0) break;
      out.push(...recs);
      offset = recs[recs.length - 1].offset + 1;
      if (offset >= Number(p.highWatermark)) break;
    }
    return out.slice(0, limit);
  } finally {
    socket.destroy();
  }
}
