// `produce --schema-id-header`: the header Confluent's HeaderSchemaIdSerializer writes (magic byte 1,
// the GUID's 16 bytes, Protobuf message indexes after them), read back by consume, which also
// accepts the id form (magic byte 0, 4-byte id).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { guidHeader, parseSchemaIdHeader, SCHEMA_ID_HEADER } from '../src/serdes/wire-format';

const GUID = '1e02fce7-ece0-46a0-aabe-6d46799cc5bb';

describe('schema id header', () => {
  it('writes magic byte 1 and the GUID, message indexes after it, and reads them back', () => {
    const h = guidHeader(GUID);
    assert.equal(h.length, 17);
    assert.equal(h[0], 1);
    assert.equal(h.subarray(1).toString('hex'), GUID.replace(/-/g, ''));
    assert.deepEqual(parseSchemaIdHeader(h), { guid: GUID, rest: Buffer.alloc(0) });
    const withIndexes = guidHeader(GUID, Buffer.from([0]));
    assert.deepEqual(parseSchemaIdHeader(withIndexes), { guid: GUID, rest: Buffer.from([0]) });
    assert.deepEqual(SCHEMA_ID_HEADER, { key: '__key_schema_id', value: '__value_schema_id' });
  });

  it('reads the id form; refuses other magic bytes and bad GUIDs', () => {
    assert.deepEqual(parseSchemaIdHeader(Buffer.from([0, 0, 1, 0x86, 0xa1])), {
      schemaId: 100001,
      rest: Buffer.alloc(0),
    });
    assert.throws(() => parseSchemaIdHeader(Buffer.from([2, 1, 2])), /neither a GUID/);
    assert.throws(() => guidHeader('x'), /not a schema GUID/);
  });
});
