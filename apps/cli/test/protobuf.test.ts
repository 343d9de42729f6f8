// Protobuf in Confluent's wire format: message indexes pick the type, [0] is a lone 0 byte.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobuf, encodeProtobuf, protobufRoot } from '../src/serdes/protobuf';

const SCHEMA = `syntax = "proto3";
package demo;
message Payment { string id = 1; double amount = 2; }
message Refund { string payment_id = 1; message Reason { string text = 1; } }`;

describe('protobuf serdes', () => {
  const root = protobufRoot(SCHEMA);

  it('round-trips the first message with the [0] index', () => {
    const bytes = encodeProtobuf(root, '{"id":"p1","amount":2.5}');
    assert.equal(bytes[0], 0);
    assert.deepEqual(decodeProtobuf(root, bytes), { id: 'p1', amount: 2.5 });
  });

  it('follows an index path to a later and a nested message', () => {
    const reason = root.lookupType('demo.Refund.Reason');
    const payload = Buffer.from(reason.encode(reason.fromObject({ text: 'late' })).finish());
    // count 2, indexes [1, 0], zigzag-encoded: 4, 2, 0
    assert.deepEqual(decodeProtobuf(root, Buffer.concat([Buffer.from([4, 2, 0]), payload])), { text: 'late' });
  });

  it('rejects a message that does not fit the schema', () => {
    assert.throws(() => encodeProtobuf(root, '{"amount":"x"}'), /invalid message for Payment/);
  });
});
