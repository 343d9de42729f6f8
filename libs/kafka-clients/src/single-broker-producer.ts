// A producer for clusters served by one broker (the embedded broker): kafkajs's send/sendBatch
// contract (same messages, same Java-compatible partitioner, same compression codecs), but each
// partition's records are encoded straight into one record batch. kafkajs allocates a 512-byte
// encoder per record and per header and copies each several times, which made encoding and its
// garbage the larger half of a Datagen task's CPU. Every request goes to the bootstrap broker, so
// this is only for single-broker clusters; multi-broker (external) clusters use kafkajs.
import {
  CompressionCodecs,
  CompressionTypes,
  Partitioners,
  type Message,
  type PartitionMetadata,
  type ProducerBatch,
  type ProducerRecord,
  type RecordMetadata,
} from 'kafkajs';
import {
  ApiKey,
  BATCH_HEADER_SIZE,
  batchTimestamps,
  encodeRecords,
  ErrorCode,
  sealBatch,
  sealCompressed,
  type Msg,
} from '@libs/kafka-protocol';
import { BrokerConnection, type BrokerTarget } from './broker-connection';

/** What the connector runtime needs of a producer; kafkajs's Producer fits it too. */
export interface RecordProducer {
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
  sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]>;
}

const CODE_NAMES = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));
// Errors Kafka's producer retries (Errors.java, RetriableException subclasses) that our broker can return.
const RETRIABLE = new Set<number>([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.REQUEST_TIMED_OUT,
]);

export class KafkaProduceError extends Error {
  override readonly name = 'KafkaProduceError';
  constructor(
    readonly type: string,
    readonly code: number,
    readonly retriable: boolean,
    readonly topic: string,
    readonly partition: number | null,
  ) {
    super(`${type} (Kafka error ${code}) for topic "${topic}"${partition === null ? '' : ` partition ${partition}`}`);
  }
  static of(code: number, topic: string, partition: number | null): KafkaProduceError {
    return new KafkaProduceError(CODE_NAMES.get(code) ?? 'UNKNOWN', code, RETRIABLE.has(code), topic, partition);
  }
}

export interface SingleBrokerProducerOptions {
  clientId: string;
  /** Attempts after the first for retriable errors and lost connections (kafkajs: retry.retries). */
  retries?: number;
  initialRetryTimeMs?: number;
  maxRetryTimeMs?: number;
  /** Partition counts are re-read after this long (kafkajs: metadataMaxAge). */
  metadataMaxAgeMs?: number;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

interface TopicMetadata {
  partitions: PartitionMetadata[];
  at: number;
}

interface PartitionBatch {
  topic: string;
  partition: number;
  messages: Message[];
  encoded: Buffer | null;
}

type CompressionCodec = { compress(encoder: { buffer: Buffer }): Promise<Buffer> };

export class SingleBrokerProducer implements RecordProducer {
  private conn: Promise<BrokerConnection> | null = null;
  private readonly metadata = new Map<string, TopicMetadata>();
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly opts: Required<SingleBrokerProducerOptions>;
  private closed = false;

  constructor(
    private readonly target: BrokerTarget,
    options: SingleBrokerProducerOptions,
  ) {
    this.opts = {
      retries: 5,
      initialRetryTimeMs: 100,
      maxRetryTimeMs: 1000,
      metadataMaxAgeMs: 300_000,
      connectTimeoutMs: 3000,
      requestTimeoutMs: 30_000,
      ...options,
    };
  }

  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    const { topic, messages, ...rest } = record;
    return this.sendBatch({ ...rest, topicMessages: [{ topic, messages }] });
  }

  async sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    const acks = batch.acks ?? -1;
    if (acks === 0) throw new Error('acks=0 is not supported by this producer');
    const compression = batch.compression ?? CompressionTypes.None;
    const timeoutMs = batch.timeout ?? 30_000;
    const topicMessages = (batch.topicMessages ?? []).filter((t) => t.messages.length > 0);
    if (topicMessages.length === 0) return [];
    await this.ensureMetadata(topicMessages.map((t) => t.topic));
    let remaining = this.partitioned(topicMessages);
    const results: RecordMetadata[] = [];
    for (let attempt = 0; ; attempt++) {
      let failed: { batch: PartitionBatch; error: Error }[];
      try {
        failed = await this.produceOnce(remaining, acks, timeoutMs, compression, results);
      } catch (e) {
        // the connection broke: nothing of this request is known to be written; retry all of it
        failed = remaining.map((b) => ({ batch: b, error: e as Error }));
      }
      if (failed.length === 0) return results;
      const fatal = failed.find((f) => f.error instanceof KafkaProduceError && !f.error.retriable);
      if (fatal || attempt >= this.opts.retries || this.closed) throw (fatal ?? failed[0]).error;
      await sleep(Math.min(this.opts.maxRetryTimeMs, this.opts.initialRetryTimeMs * 2 ** attempt));
      for (const f of failed) this.metadata.delete(f.batch.topic);
      await this.ensureMetadata(failed.map((f) => f.batch.topic));
      remaining = failed.map((f) => f.batch);
    }
  }

  async disconnect(): Promise<void> {
    this.closed = true;
    const conn = this.conn;
    this.conn = null;
    if (conn) (await conn.catch(() => null))?.close();
  }

  private async connection(): Promise<BrokerConnection> {
    if (this.closed) throw new Error('producer disconnected');
    const current = this.conn ? await this.conn.catch(() => null) : null;
    if (current?.usable) return current;
    const opening = BrokerConnection.open(this.target, {
      clientId: this.opts.clientId,
      connectTimeoutMs: this.opts.connectTimeoutMs,
      requestTimeoutMs: this.opts.requestTimeoutMs,
    });
    this.conn = opening;
    opening.catch(() => {
      if (this.conn === opening) this.conn = null;
    });
    return opening;
  }

  /** Partition counts of these topics (creating missing ones where the broker allows, as kafkajs does). */
  private async ensureMetadata(topics: string[]): Promise<void> {
    const now = Date.now();
    const missing = [...new Set(topics)].filter((t) => {
      const m = this.metadata.get(t);
      return !m || now - m.at > this.opts.metadataMaxAgeMs;
    });
    if (missing.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      const res = await (
        await this.connection()
      ).request(ApiKey.Metadata, 4, { topics: missing.map((name) => ({ name })), allowAutoTopicCreation: true });
      const retry: string[] = [];
      for (const t of (res.topics as Msg[]) ?? []) {
        const name = t.name as string;
        const code = t.errorCode as number;
        const partitions = (t.partitions as Msg[]) ?? [];
        if (code === ErrorCode.NONE && partitions.length > 0) {
          this.metadata.set(name, {
            at: Date.now(),
            partitions: partitions
              .map((p) => ({
                partitionErrorCode: p.errorCode as number,
                partitionId: p.partitionIndex as number,
                leader: p.leaderId as number,
                replicas: p.replicaNodes as number[],
                isr: p.isrNodes as number[],
              }))
              .sort((a, b) => a.partitionId - b.partitionId),
          });
        } else if (code === ErrorCode.NONE || RETRIABLE.has(code)) {
          retry.push(name);
        } else {
          throw KafkaProduceError.of(code, name, null);
        }
      }
      if (retry.length === 0) return;
      if (attempt >= this.opts.retries) throw KafkaProduceError.of(ErrorCode.LEADER_NOT_AVAILABLE, retry[0], null);
      await sleep(Math.min(this.opts.maxRetryTimeMs, this.opts.initialRetryTimeMs * 2 ** attempt));
      missing.splice(0, missing.length, ...retry);
    }
  }

  private partitioned(topicMessages: NonNullable<ProducerBatch['topicMessages']>): PartitionBatch[] {
    const out: PartitionBatch[] = [];
    const byTopic = new Map<string, Map<number, PartitionBatch>>();
    for (const { topic, messages } of topicMessages) {
      const partitionMetadata = this.metadata.get(topic)!.partitions;
      let byPartition = byTopic.get(topic);
      if (!byPartition) byTopic.set(topic, (byPartition = new Map()));
      for (const message of messages) {
        const partition =
          message.partition !== undefined && message.partition !== null
            ? message.partition
            : partitionMetadata.length === 1
              ? partitionMetadata[0]!.partitionId // the partitioner's murmur2 could only say this
              : this.partitioner({ topic, partitionMetadata, message });
        let b = byPartition.get(partition);
        if (!b) {
          byPartition.set(partition, (b = { topic, partition, messages: [], encoded: null }));
          out.push(b);
        }
        b.messages.push(message);
      }
    }
    return out;
  }

  /** One Produce request for these batches; returns the partitions that failed and why. */
  private async produceOnce(
    batches: PartitionBatch[],
    acks: number,
    timeoutMs: number,
    compression: CompressionTypes,
    results: RecordMetadata[],
  ): Promise<{ batch: PartitionBatch; error: Error }[]> {
    const byTopic = new Map<string, PartitionBatch[]>();
    for (const b of batches) {
      b.encoded ??= await encodeBatch(b.messages, compression);
      let list = byTopic.get(b.topic);
      if (!list) byTopic.set(b.topic, (list = []));
      list.push(b);
    }
    const res = await (
      await this.connection()
    ).request(ApiKey.Produce, 7, {
      transactionalId: null,
      acks,
      timeoutMs,
      topicData: [...byTopic].map(([name, list]) => ({
        name,
        partitionData: list.map((b) => ({ index: b.partition, records: b.encoded })),
      })),
    });
    const answered = new Map<string, Msg>();
    for (const t of (res.responses as Msg[]) ?? [])
      for (const p of (t.partitionResponses as Msg[]) ?? [])
        answered.set(`${String(t.name)}\u0000${String(p.index)}`, p);
    const failed: { batch: PartitionBatch; error: Error }[] = [];
    for (const b of batches) {
      const p = answered.get(`${b.topic}\u0000${b.partition}`);
      const code = p ? (p.errorCode as number) : ErrorCode.UNKNOWN_SERVER_ERROR;
      if (code === ErrorCode.NONE)
        results.push({
          topicName: b.topic,
          partition: b.partition,
          errorCode: 0,
          baseOffset: String(p!.baseOffset),
          logAppendTime: String(p!.logAppendTimeMs),
          logStartOffset: String(p!.logStartOffset),
        });
      else failed.push({ batch: b, error: KafkaProduceError.of(code, b.topic, b.partition) });
    }
    return failed;
  }
}

async function encodeBatch(messages: Message[], compression: CompressionTypes): Promise<Buffer> {
  const { base, max } = batchTimestamps(messages);
  const meta = { recordsCount: messages.length, baseTimestamp: base, maxTimestamp: max, attributes: compression };
  if (compression === CompressionTypes.None) return sealBatch(encodeRecords(messages, base, BATCH_HEADER_SIZE), meta);
  // the codecs kafkajs uses (the runtime registers snappy, lz4 and zstd with it)
  const codec = (CompressionCodecs as unknown as Record<number, (() => CompressionCodec) | undefined>)[compression];
  if (!codec) throw new Error(`compression codec ${compression} is not registered`);
  return sealCompressed(await codec().compress({ buffer: encodeRecords(messages, base) }), meta);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
