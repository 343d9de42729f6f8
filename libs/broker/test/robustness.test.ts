// Robustness of the wire protocol: malformed, truncated, oversized and random frames close the
// offending connection and nothing else; a healthy connection keeps working.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, ApiKey, encodeRequestFrame } from '@libs/kafka-protocol';
import { testBrokerPerFile } from './harness';
import { RawClient } from './raw-client';
import { fuzzSeed, Rng } from '../../../test/support/seeded-random';

const testBroker = testBrokerPerFile({ maxRequestBytes: 2 * 1024 * 1024 });
const authed = testBroker.authed;

describe('robustness', () => {
  it('closes on unknown api keys, unsupported versions, negative or oversized sizes, and truncated bodies', async () => {
    const cases: Buffer[] = [];
    const unknown = Buffer.from([0, 0, 0, 10, 0x03, 0xe7, 0, 0, 0, 0, 0, 1, 0xff, 0xff]);
    cases.push(unknown);
    cases.push(
      encodeRequestFrame(
        api(ApiKey.Produce)!,
        7,
        { correlationId: 1, clientId: 'x' },
        { acks: 1, timeoutMs: 1, topicData: [] },
      ).fill(0x09, 6, 8),
    ); // version 0x0909
    cases.push(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    cases.push(Buffer.from([0x7f, 0, 0, 0]));
    const md = encodeRequestFrame(
      api(ApiKey.Metadata)!,
      1,
      { correlationId: 1, clientId: 'x' },
      { topics: [{ name: 'abcdef' }] },
    );
    const truncated = md.subarray(0, md.length - 3);
    truncated.writeInt32BE(truncated.length - 4, 0);
    for (const frame of cases) {
      const c = await RawClient.connect(testBroker.broker().broker.port);
      c.write(frame);
      assert.equal(await c.whenClosed(), true, `closed after ${frame.subarray(0, 8).toString('hex')}`);
    }
    const c = await authed();
    c.write(truncated);
    assert.equal(await c.whenClosed(), true, 'closed after truncated metadata');
  });

  const seed = fuzzSeed();
  it(`survives random garbage on many connections while a healthy connection keeps working (FUZZ_SEED=${seed})`, async () => {
    const rng = new Rng(seed);
    const healthy = await authed();
    const clients: RawClient[] = [];
    for (let i = 0; i < 40; i++) {
      const c = await RawClient.connect(testBroker.broker().broker.port);
      clients.push(c);
      if (i % 4 === 0) {
        // A plausible header followed by random bytes, sometimes after authenticating.
        const body = rng.bytes(20 + (i % 50));
        const f = Buffer.alloc(12 + body.length);
        f.writeInt32BE(8 + body.length, 0);
        f.writeInt16BE([0, 1, 3, 19, 11][i % 5], 4);
        f.writeInt16BE(1 + (i % 3), 6);
        f.writeInt32BE(i, 8);
        body.copy(f, 12);
        c.write(f);
      } else {
        const junk = rng.bytes(1 + ((i * 37) % 300));
        if (junk.length >= 4) junk.writeInt32BE(junk.length - 4 + (i % 3), 0);
        c.write(junk);
      }
    }
    const authedFuzz = await authed();
    for (let i = 0; i < 20; i++) {
      const key = [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 32][i % 16];
      const body = rng.bytes(10 + i * 7);
      const f = Buffer.alloc(14 + body.length);
      f.writeInt32BE(10 + body.length, 0);
      f.writeInt16BE(key, 4);
      f.writeInt16BE(api(key)!.maxVersion, 6);
      f.writeInt32BE(i, 8);
      f.writeInt16BE(-1, 12);
      body.copy(f, 14);
      authedFuzz.write(f);
    }
    // Not a synchronisation (the checks below hold either way): a moment for the broker to chew on the
    // garbage, so that the healthy connection is checked after it rather than before.
    await new Promise((r) => setTimeout(r, 300));
    const md = await healthy.request(ApiKey.Metadata, 1, { topics: null });
    assert.ok(Array.isArray(md.topics));
    for (const c of clients) c.close();
    authedFuzz.close();
    // And the broker still accepts new clients.
    const fresh = await authed();
    assert.ok((await fresh.request(ApiKey.ApiVersions, 0, {})).apiKeys.length > 10);
    fresh.close();
    healthy.close();
  });

  it('rejects frames above maxRequestBytes without affecting others', async () => {
    const c = await authed();
    const size = 3 * 1024 * 1024;
    const head = Buffer.alloc(8);
    head.writeInt32BE(size, 0);
    c.write(head);
    assert.equal(await c.whenClosed(), true);
  });
});
