// A minimal group-less reader: the first records of a topic partition, read with a raw Fetch
// (v4) over one TCP connection, with SASL/PLAIN when configured. No consumer group is joined and no
// offset is committed (kafkajs consumers always join one). Used by the transform preview.
import { gunzipSync } from 'node:zlib';
import {
  ApiKey,
  BATCH_HEADER_SIZE,
  BATCH_OVERHEAD,
  decodeRecords,
  readBatchHeader,
  type KafkaRecord,
} from '@libs/kafka-protocol';
import { BrokerConnection, type BrokerTarget } from './broker-connection';

export type RawFetchTarget = BrokerTarget;

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
  const conn = await BrokerConnection.open(target, {
    clientId: 'connectplane-preview',
    connectTimeoutMs: timeoutMs,
    requestTimeoutMs: timeoutMs,
  });
  try {
    const out: KafkaRecord[] = [];
    let offset = fromOffset;
    for (let round = 0; round < 20 && out.length < limit; round++) {
      const res = await conn.request(ApiKey.Fetch, 4, {
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
    conn.close();
  }
}
