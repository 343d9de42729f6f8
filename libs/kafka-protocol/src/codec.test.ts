import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  ApiKey,
  apis,
  buildBatch,
  crc32c,
  decodeMessage,
  decodeRecords,
  decodeRequest,
  decodeResponse,
  encodeMessage,
  encodeRequestFrame,
  encodeResponseFrame,
  message,
  readBatchHeader,
  Reader,
  splitBatches,
  Writer,
} from './index';

function roundTrip(name: string, version: number, obj: Record<string, unknown>) {
  const w = new Writer();
  encodeMessage(w, message(name), version, obj);
  const buf = w.toBuffer();
  const r = new Reader(buf);
  const back = decodeMessage(r, message(name), version);
  assert.equal(r.remaining(), 0);
  return { buf, back };
}

describe('varints', () => {
  it('round-trips unsigned and zig-zag values', () => {
    for (const v of [0, 1, 127, 128, 300, 16383, 16384, 2 ** 31 - 1, 2 ** 40]) {
      const w = new Writer();
      w.uvarint(v);
      w.varint(v);
      w.varint(-v);
      const r = new Reader(w.toBuffer());
      assert.equal(r.uvarint(), v);
      assert.equal(r.varint(), v);
      assert.equal(r.varint(), v === 0 ? 0 : -v);
    }
  });
  it('encodes zig-zag like protobuf', () => {
    const w = new Writer();
    w.varint(-1);
    w.varint(1);
    w.varint(-64);
    assert.deepEqual([...w.toBuffer()], [1, 2, 127]);
  });
  it('int64 handles negatives', () => {
    const w = new Writer();
    w.int64(-1);
    w.int64(-2);
    w.int64(2 ** 40 + 5);
    const b = w.toBuffer();
    assert.equal(b.readBigInt64BE(0), -1n);
    assert.equal(b.readBigInt64BE(8), -2n);
    const r = new Reader(b);
    assert.equal(r.int64(), -1);
    assert.equal(r.int64(), -2);
    assert.equal(r.int64(), 2 ** 40 + 5);
  });
});

describe('schema codec', () => {
  it('every advertised API version of request and response compiles and round-trips defaults', () => {
    for (const def of apis().values()) {
      for (let v = def.minVersion; v <= def.maxVersion; v++) {
        roundTrip(def.request.spec.name, v, {});
        roundTrip(def.response.spec.name, v, {});
      }
    }
  });

  it('encodes ApiVersions v3 flexible body (compact array + tags)', () => {
    const { buf, back } = roundTrip('ApiVersionsResponse', 3, {
      errorCode: 0,
      apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }],
      throttleTimeMs: 0,
    });
    // errorCode(2) + compact len 2 (1 byte) + entry (2+2+2+tags 1) + throttle(4) + tags(1)
    assert.equal(buf.length, 2 + 1 + 7 + 4 + 1);
    assert.equal(buf[2], 2);
    assert.deepEqual(back.apiKeys, [{ apiKey: 18, minVersion: 0, maxVersion: 3 }]);
  });

  it('non-flexible strings and arrays use int16/int32 lengths, null = -1', () => {
    const { buf, back } = roundTrip('MetadataRequest', 1, { topics: null });
    assert.deepEqual([...buf], [0xff, 0xff, 0xff, 0xff]);
    assert.equal(back.topics, null);
    const r2 = roundTrip('MetadataRequest', 1, { topics: [{ name: 'abc' }] });
    assert.deepEqual([...r2.buf], [0, 0, 0, 1, 0, 3, 97, 98, 99]);
  });

  it('round-trips tagged fields and skips unknown tags', () => {
    const w = new Writer();
    // FetchResponse v12 partition with a tagged CurrentLeader (tag 1)
    encodeMessage(w, message('FetchResponse'), 12, {
      responses: [
        {
          topic: 't',
          partitions: [
            { partitionIndex: 0, currentLeader: { leaderId: 1, leaderEpoch: 2 }, records: Buffer.from('xy') },
          ],
        },
      ],
    });
    const back = decodeMessage(new Reader(w.toBuffer()), message('FetchResponse'), 12);
    const p = back.responses[0].partitions[0];
    assert.deepEqual(p.currentLeader, { leaderId: 1, leaderEpoch: 2 });
    assert.equal(p.records.toString(), 'xy');

    // Unknown tag 9 in the top-level tag section of ApiVersionsRequest v3.
    const raw = Buffer.from([2, 0x61, 2, 0x62, 1, 9, 2, 0xaa, 0xbb]);
    const req = decodeMessage(new Reader(raw), message('ApiVersionsRequest'), 3);
    assert.equal(req.clientSoftwareName, 'a');
    assert.equal(req.clientSoftwareVersion, 'b');
  });

  it('throws on truncated input and absurd array lengths', () => {
    assert.throws(() => decodeMessage(new Reader(Buffer.from([0, 0, 0, 5, 0])), message('MetadataRequest'), 1));
    assert.throws(() =>
      decodeMessage(new Reader(Buffer.from([0x7f, 0xff, 0xff, 0xff])), message('MetadataRequest'), 1),
    );
  });

  it('request header v2 keeps an int16 client id before the tag section', () => {
    const def = api(ApiKey.ApiVersions)!;
    const frame = encodeRequestFrame(
      def,
      3,
      { correlationId: 7, clientId: 'rdkafka' },
      { clientSoftwareName: 'x', clientSoftwareVersion: '1' },
    );
    assert.equal(frame.readInt32BE(0), frame.length - 4);
    assert.equal(frame.readInt16BE(12), 7); // client id length after key, version, correlation id
    const { header, body } = decodeRequest(frame.subarray(4), def);
    assert.equal(header.clientId, 'rdkafka');
    assert.equal(header.correlationId, 7);
    assert.equal(body.clientSoftwareName, 'x');
  });

  it('ApiVersions responses always use response header v0, other flexible ones v1', () => {
    const av = api(ApiKey.ApiVersions)!;
    const chunks = encodeResponseFrame(av, 3, 9, { errorCode: 0, apiKeys: [] });
    const b = Buffer.concat(chunks);
    assert.equal(b.readInt32BE(0), b.length - 4);
    assert.equal(b.readInt32BE(4), 9);
    assert.equal(b.readInt16BE(8), 0); // error code directly after correlation id
    assert.equal(decodeResponse(b.subarray(4), av, 3).body.errorCode, 0);

    const ig = api(ApiKey.IncrementalAlterConfigs)!;
    const b2 = Buffer.concat(encodeResponseFrame(ig, 1, 3, { responses: [] }));
    assert.equal(b2[8], 0); // empty header tag section
    assert.equal(decodeResponse(b2.subarray(4), ig, 1).correlationId, 3);
  });

  it('records may be given as a list of buffers', () => {
    const def = api(ApiKey.Fetch)!;
    const chunks = encodeResponseFrame(def, 4, 1, {
      responses: [
        { topic: 't', partitions: [{ partitionIndex: 0, records: [Buffer.alloc(5000, 1), Buffer.from('ab')] }] },
      ],
    });
    const body = decodeResponse(Buffer.concat(chunks).subarray(4), def, 4).body;
    assert.equal(body.responses[0].partitions[0].records.length, 5002);
  });
});

describe('record batch v2', () => {
  it('crc32c matches the standard check value', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  });

  it('builds, splits, validates and decodes a batch', () => {
    const batch = buildBatch(
      [
        { key: 'k1', value: 'v1', timestamp: 1000, headers: [{ key: 'h', value: 'x' }] },
        { key: null, value: null, timestamp: 1005 },
      ],
      { baseOffset: 0 },
    );
    const spans = splitBatches(Buffer.concat([batch, batch]), true);
    assert.equal(spans.length, 2);
    const h = readBatchHeader(batch);
    assert.equal(h.magic, 2);
    assert.equal(h.recordsCount, 2);
    assert.equal(h.lastOffsetDelta, 1);
    assert.equal(h.maxTimestamp, 1005);
    // Rewriting baseOffset does not invalidate the CRC.
    batch.writeInt32BE(0, 0);
    batch.writeInt32BE(42, 4);
    assert.equal(splitBatches(batch, true).length, 1);
    const recs = decodeRecords(readBatchHeader(batch), batch.subarray(61));
    assert.equal(recs[0].offset, 42);
    assert.equal(recs[0].key!.toString(), 'k1');
    assert.equal(recs[0].headers[0].value!.toString(), 'x');
    assert.equal(recs[1].offset, 43);
    assert.equal(recs[1].value, null);
    assert.equal(recs[1].timestamp, 1005);
  });

  it('rejects corrupt CRC, bad magic and truncation', () => {
    const batch = buildBatch([{ value: 'hello' }]);
    const bad = Buffer.from(batch);
    bad[bad.length - 1] ^= 1;
    assert.throws(() => splitBatches(bad, true), /CRC/);
    assert.equal(splitBatches(bad, false).length, 1);
    const magic = Buffer.from(batch);
    magic[16] = 1;
    assert.throws(() => splitBatches(magic, true), /magic/);
    assert.throws(() => splitBatches(batch.subarray(0, batch.length - 1), true), /length/);
  });
});
