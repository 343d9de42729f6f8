// zstd and protocol versions, as Apache Kafka enforces them: zstd batches only on Produce v7+
// (ProduceRequest.validateRecords → UNSUPPORTED_COMPRESSION_TYPE for that partition). Fetch below
// v10 is refused by Kafka only for topics whose compression.type config is zstd, which this broker
// does not accept, so producer-compressed zstd batches are served to old Fetch versions unchanged.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  ApiKey,
  buildBatch,
  decodeResponse,
  encodeRecords,
  ErrorCode,
  Msg,
  readBatchHeader,
  sealCompressed,
} from '@libs/kafka-protocol';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { testBrokerPerFile } from './harness';
import { registerCodecs } from './kafkajs-codecs';
import { RawClient } from './raw-client';

/* eslint-disable @typescript-eslint/no-require-imports */
// kafkajs's own request encoders and response parsers: exactly the bytes kafkajs sends to a broker
// whose Produce max is that version (kafkajs picks min(its max 7, the broker's max)).
const kafkajsFrame = require('kafkajs/src/protocol/request');
const kafkajsProduce = require('kafkajs/src/protocol/requests/produce');
/* eslint-enable @typescript-eslint/no-require-imports */

const testBroker = testBrokerPerFile();

interface KafkajsError {
  type?: string;
}

/** Sends kafkajs's Produce request of `version`, returns our decoding and kafkajs's parse error. */
async function kafkajsProduceAt(
  c: RawClient,
  version: number,
  compression: number,
  topic: string,
  partitions: number[],
): Promise<{ body: Msg; kafkajsError: KafkajsError | null }> {
  const { request, response } = kafkajsProduce.protocol({ version })({
    acks: -1,
    timeout: 1000,
    compression,
    topicData: [
      {
        topic,
        partitions: partitions.map((partition) => ({
          partition,
          messages: [
            { key: 'k', value: `v${version}-${partition}-a` },
            { key: 'k', value: `v${version}-${partition}-b` },
          ],
        })),
      },
    ],
  });
  const frame = await kafkajsFrame({ correlationId: 42, clientId: 'kafkajs', request });
  c.write(frame.buffer);
  const raw = await c.nextFrame();
  const ours = decodeResponse(raw, api(ApiKey.Produce)!, version);
  let kafkajsError: KafkajsError | null = null;
  try {
    await response.parse(await response.decode(raw.subarray(4)));
  } catch (e) {
    kafkajsError = e as KafkajsError;
  }
  return { body: ours.body, kafkajsError };
}

async function createTopic(c: RawClient, name: string, partitions: number): Promise<void> {
  const r = await c.request(ApiKey.CreateTopics, 0, {
    topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 1000,
  });
  assert.equal(r.topics[0].errorCode, 0);
}

async function endOffsets(c: RawClient, topic: string, partitions: number[]): Promise<number[]> {
  const r = await c.request(ApiKey.ListOffsets, 1, {
    replicaId: -1,
    topics: [{ name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp: -1 })) }],
  });
  return r.topics[0].partitions.map((p: Msg) => Number(p.offset));
}

before(async () => {
  await registerCodecs();
});

/** A one-record v2 batch whose records region is compressed with kafkajs's registered zstd codec. */
async function zstdBatch(value: string): Promise<Buffer> {
  const now = Date.now();
  const region = await CompressionCodecs[CompressionTypes.ZSTD]().compress({ buffer: encodeRecords([{ value }], now) });
  return sealCompressed(region, { recordsCount: 1, baseTimestamp: now, maxTimestamp: now, attributes: 4 });
}

describe('zstd on old Produce versions', () => {
  it('kafkajs Produce v3 and v6 with zstd: UNSUPPORTED_COMPRESSION_TYPE for each partition, nothing appended', async () => {
    const c = await testBroker.authed();
    await createTopic(c, 'zstd-old', 2);
    for (const version of [3, 6]) {
      const { body, kafkajsError } = await kafkajsProduceAt(c, version, CompressionTypes.ZSTD, 'zstd-old', [0, 1]);
      const codes = body.responses[0].partitionResponses.map((p: Msg) => p.errorCode);
      assert.deepEqual(codes, [ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, ErrorCode.UNSUPPORTED_COMPRESSION_TYPE]);
      assert.equal(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 76);
      assert.equal(kafkajsError?.type, 'UNSUPPORTED_COMPRESSION_TYPE');
    }
    assert.deepEqual(await endOffsets(c, 'zstd-old', [0, 1]), [0, 0]);
    // The same client at v7 (what it sends to a broker advertising Produce 7), and gzip at v3, are accepted.
    const v7 = await kafkajsProduceAt(c, 7, CompressionTypes.ZSTD, 'zstd-old', [0, 1]);
    assert.equal(v7.kafkajsError, null);
    const gzip = await kafkajsProduceAt(c, 3, CompressionTypes.GZIP, 'zstd-old', [0]);
    assert.equal(gzip.kafkajsError, null);
    assert.deepEqual(await endOffsets(c, 'zstd-old', [0, 1]), [4, 2]);
    c.close();
  });

  it('refuses only the zstd partition of a mixed Produce v5 request', async () => {
    const c = await testBroker.authed();
    await createTopic(c, 'zstd-mixed', 2);
    const r = await c.request(ApiKey.Produce, 5, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 1000,
      topicData: [
        {
          name: 'zstd-mixed',
          partitionData: [
            { index: 0, records: await zstdBatch('raw-zstd') },
            { index: 1, records: buildBatch([{ value: 'plain' }]) },
          ],
        },
      ],
    });
    assert.deepEqual(
      r.responses[0].partitionResponses.map((p: Msg) => p.errorCode),
      [ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, ErrorCode.NONE],
    );
    assert.deepEqual(await endOffsets(c, 'zstd-mixed', [0, 1]), [0, 1]);
    c.close();
  });
});

describe('zstd batches and old Fetch versions', () => {
  it('serves producer-compressed zstd batches to Fetch v4 unchanged, as Kafka does without compression.type=zstd', async () => {
    const c = await testBroker.authed();
    await createTopic(c, 'zstd-fetch', 1);
    const p = await kafkajsProduceAt(c, 7, CompressionTypes.ZSTD, 'zstd-fetch', [0]);
    assert.equal(p.kafkajsError, null);
    for (const version of [4, 10]) {
      const r = await c.request(ApiKey.Fetch, version, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topic: 'zstd-fetch',
            partitions: [
              { partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 1 << 20 },
            ],
          },
        ],
        forgottenTopicsData: [],
        rackId: '',
      });
      const part = r.responses[0].partitions[0];
      assert.equal(part.errorCode, ErrorCode.NONE, `Fetch v${version}`);
      const records = Buffer.isBuffer(part.records) ? part.records : Buffer.concat(part.records as Buffer[]);
      assert.equal(readBatchHeader(records).attributes & 7, 4, `Fetch v${version} returns the zstd batch`);
    }
    // The topic config that makes Kafka refuse Fetch < v10 cannot be set here.
    const alter = await c.request(ApiKey.AlterConfigs, 0, {
      resources: [
        { resourceType: 2, resourceName: 'zstd-fetch', configs: [{ name: 'compression.type', value: 'zstd' }] },
      ],
      validateOnly: false,
    });
    assert.equal(alter.responses[0].errorCode, ErrorCode.INVALID_CONFIG);
    c.close();
  });
});
