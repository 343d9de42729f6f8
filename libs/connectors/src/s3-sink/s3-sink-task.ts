// S3_SINK's task (Confluent's S3SinkTask): one TopicPartitionWriter per assigned topic-partition.
// put() writes records and uploads files as they rotate (awaited: a slow store holds the consumer,
// and memory stays within the open files' bounds); preCommit() hands the runtime only offsets whose
// files are uploaded, so a restart re-reads exactly the records of the files not yet uploaded and
// rewrites them under the same keys. close() drops the open files of revoked partitions (their new
// owner re-reads them from the committed offset). A record that cannot be written (no timestamp, no
// partition field, a value its format cannot take) goes to the DLQ when errors.tolerance allows,
// and fails the task otherwise.
import {
  ConnectException,
  DataException,
  SinkTask,
  topicPartitionKey,
  type OffsetMap,
  type Props,
  type SinkRecord,
  type TopicPartition,
} from '@libs/connect-spi';
import { egressPolicy, type EgressPolicy } from '../egress/egress-policy';
import { jsonConverter } from './formats';
import { fileExtension } from './object-keys';
import { createPartitioner } from './partitioners';
import { parseS3SinkConfig } from './s3-sink-config';
import { S3Store } from './s3-store';
import { TopicPartitionWriter, type FileSink, type RotationStats, type WriterSettings } from './topic-partition-writer';

export const S3_SINK_VERSION = '1.0.0';

/** Process-wide hooks for tests and embedders: the egress policy, rotation observers. */
export const s3SinkHooks: { policy: EgressPolicy | null; onRotation: ((stats: RotationStats) => void) | null } = {
  policy: null,
  onRotation: null,
};

export class S3SinkTask extends SinkTask {
  private settings: WriterSettings | null = null;
  private store: (FileSink & { close(): void }) | null = null;
  private readonly writers = new Map<string, TopicPartitionWriter>();
  /** put, preCommit, close and the schedule timer run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  version(): string {
    return S3_SINK_VERSION;
  }

  start(props: Props): void {
    const c = parseS3SinkConfig(props);
    this.store = new S3Store(c, s3SinkHooks.policy ?? egressPolicy());
    this.settings = {
      encoder: { format: c.format, codec: c.codec, gzipLevel: c.gzipLevel, json: jsonConverter(c.decimalNumeric) },
      partitioner: createPartitioner(c.partitioner),
      topicsDir: c.topicsDir,
      extension: fileExtension(c.format, c.codec),
      flushSize: c.flushSize,
      rotateIntervalMs: c.rotateIntervalMs,
      rotateScheduleIntervalMs: c.rotateScheduleIntervalMs,
      timestampField: c.timestampField,
      failOnNull: c.failOnNull,
    };
    if (c.rotateScheduleIntervalMs > 0) {
      // between puts too, as Confluent's task does when put() is called with no records
      this.timer = setInterval(() => void this.rotateScheduled(), Math.min(1000, c.rotateScheduleIntervalMs));
      this.timer.unref();
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private writer(r: SinkRecord): TopicPartitionWriter {
    const topic = r.originalTopic;
    const partition = r.originalKafkaPartition ?? 0;
    const key = topicPartitionKey({ topic, partition });
    let w = this.writers.get(key);
    if (!w) {
      const observe = s3SinkHooks.onRotation;
      w = new TopicPartitionWriter(topic, partition, this.settings!, this.store!, observe ?? undefined);
      this.writers.set(key, w);
    }
    return w;
  }

  put(records: SinkRecord[]): Promise<void> {
    return this.serial(async () => {
      if (!this.settings || !this.store) throw new ConnectException('task not started');
      const now = Date.now();
      for (const r of records) {
        try {
          await this.writer(r).write(r, now);
        } catch (e) {
          if (!(e instanceof DataException)) {
            const err = e as Error;
            throw new ConnectException(`S3 upload failed: ${err.name}: ${err.message}`, { cause: e });
          }
          const dlq = this.context?.errantRecordReporter() ?? null;
          if (!dlq)
            throw new ConnectException(`record ${r.topic}-${r.kafkaPartition}@${r.kafkaOffset}: ${e.message}`, {
              cause: e,
            });
          await dlq.report(r, e);
        }
      }
    });
  }

  private async rotateScheduled(): Promise<void> {
    try {
      const rotated = await this.serial(async () => {
        let any = false;
        for (const w of this.writers.values()) any = (await w.rotateIfScheduled(Date.now())) || any;
        return any;
      });
      if (rotated) this.context?.requestCommit();
    } catch {
      // the next put() meets the same upload failure and fails the task
    }
  }

  override preCommit(currentOffsets: OffsetMap): Promise<OffsetMap> {
    return this.serial(async () => {
      const now = Date.now();
      for (const w of this.writers.values()) await w.rotateIfScheduled(now);
      const out: OffsetMap = new Map();
      for (const [key, { topicPartition }] of currentOffsets) {
        const offset = this.writers.get(key)?.offsetToCommit();
        if (offset !== null && offset !== undefined) out.set(key, { topicPartition, offset });
      }
      return out;
    });
  }

  override close(partitions: TopicPartition[]): Promise<void> {
    return this.serial(async () => {
      for (const tp of partitions) this.writers.delete(topicPartitionKey(tp));
    });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queue;
    this.writers.clear();
    this.store?.close();
    this.store = null;
  }
}
