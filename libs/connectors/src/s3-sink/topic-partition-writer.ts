// Confluent's TopicPartitionWriter for one consumed topic-partition: records go to one open file per
// encoded partition, and all open files are uploaded together ("rotated") when
//   - flush.size records were written since the last rotation, or the files hold MAX_BUFFERED_BYTES,
//     or a record would open file MAX_OPEN_FILES + 1;
//   - rotate.interval.ms > 0 and the record time is that far past the first record's, or the
//     encoded partition changes;
//   - the value schema changes (schema.compatibility NONE: every change starts new files);
//   - rotate.schedule.interval.ms > 0 and that wall-clock deadline passed.
// Every rule but the last depends only on the records since the last rotation, so re-reading from
// the committed offset rebuilds the same files under the same keys (exactly-once files, SINKS.md
// §3.4). The offset to commit moves only after a whole rotation is uploaded.
import { DataException, type Schema, type SinkRecord } from '@libs/connect-spi';
import { newEncoder, type EncoderSettings, type FileEncoder } from './formats';
import { objectKey } from './object-keys';
import type { Partitioner } from './partitioners';
import { recordTime } from './partitioners';
import type { PutOutcome } from './s3-store';

/** Bounded memory: a topic-partition's open files are uploaded once they hold this much. */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Confluent's partitioner.max.open.files. */
export const MAX_OPEN_FILES = 50;
const UPLOAD_CONCURRENCY = 4;

export interface WriterSettings {
  encoder: EncoderSettings;
  partitioner: Partitioner;
  topicsDir: string;
  extension: string;
  flushSize: number;
  rotateIntervalMs: number;
  rotateScheduleIntervalMs: number;
  timestampField: string | null;
  failOnNull: boolean;
  maxBufferedBytes?: number;
}

export interface FileSink {
  putIfAbsent(key: string, body: Buffer): Promise<PutOutcome>;
}

interface OpenFile {
  key: string;
  encoder: FileEncoder;
}

export interface RotationStats {
  files: number;
  uploaded: number;
  existing: number;
  bytes: number;
}

export class TopicPartitionWriter {
  private readonly files = new Map<string, OpenFile>();
  private recordCount = 0;
  private baseRecordTimestamp: number | null = null;
  private currentEncodedPartition: string | null = null;
  private currentSchema: Schema | null | undefined = undefined;
  private nextScheduledRotation = Infinity;
  /** The offset after the last record seen (written or skipped). */
  private nextOffset: number | null = null;
  /** The offset after the last record whose file is uploaded. */
  private committed: number | null = null;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly s: WriterSettings,
    private readonly sink: FileSink,
    private readonly onRotation: (stats: RotationStats) => void = () => undefined,
  ) {}

  /** What preCommit may hand the runtime: everything uploaded (or skipped), never an open file. */
  offsetToCommit(): number | null {
    return this.recordCount === 0 ? this.nextOffset : this.committed;
  }

  get openRecords(): number {
    return this.recordCount;
  }

  /**
   * Adds one record, uploading files first or after as the rotation rules say. Throws
   * DataException for a record that cannot be written (the task reports it and goes on; the
   * writer's state is as if it was skipped) and anything else for an upload failure.
   */
  async write(r: SinkRecord, now: number): Promise<void> {
    const offset = r.originalKafkaOffset;
    // the consumer went back (a rebalance re-read from the committed offset): start over from there
    if (this.nextOffset !== null && offset < this.nextOffset) this.discard();
    if (r.value === null || r.value === undefined) {
      this.nextOffset = offset + 1;
      if (this.s.failOnNull)
        throw new DataException(`null value at offset ${offset} and behavior.on.null.values is fail`);
      return;
    }
    let ts: number | null;
    let encoded: string;
    try {
      // a record the file format cannot take fails before it can rotate anything
      const format = this.s.encoder.format;
      if (!r.valueSchema && (format === 'AVRO' || format === 'PARQUET'))
        throw new DataException(`${format} output needs records with a value schema`);
      ts = recordTime(r, this.s.timestampField);
      encoded = this.s.partitioner.encode(r, ts);
    } catch (e) {
      this.nextOffset = offset + 1;
      throw asDataException(e);
    }
    if (this.recordCount > 0 && this.mustRotateBefore(r, encoded, ts, now)) await this.rotate();
    let file = this.files.get(encoded);
    const opened = !file;
    try {
      if (!file) {
        const key = objectKey({
          topicsDir: this.s.topicsDir,
          topic: this.topic,
          encodedPartition: encoded,
          kafkaPartition: this.partition,
          startOffset: offset,
          extension: this.s.extension,
        });
        file = { key, encoder: newEncoder(this.s.encoder, r.valueSchema, key) };
      }
      file.encoder.add(r);
    } catch (e) {
      this.nextOffset = offset + 1;
      throw asDataException(e);
    }
    if (opened) this.files.set(encoded, file);
    if (this.recordCount === 0) {
      this.baseRecordTimestamp = ts;
      if (this.s.rotateScheduleIntervalMs > 0) {
        const every = this.s.rotateScheduleIntervalMs;
        this.nextScheduledRotation = Math.floor(now / every) * every + every;
      }
    }
    this.recordCount++;
    this.currentEncodedPartition = encoded;
    this.currentSchema = r.valueSchema;
    this.nextOffset = offset + 1;
    if (this.recordCount >= this.s.flushSize || this.bufferedBytes() >= (this.s.maxBufferedBytes ?? MAX_BUFFERED_BYTES))
      await this.rotate();
  }

  private mustRotateBefore(r: SinkRecord, encoded: string, ts: number | null, now: number): boolean {
    const schema = r.valueSchema;
    if (schema !== this.currentSchema && !(schema && this.currentSchema && schema.equals(this.currentSchema)))
      return true;
    if (!this.files.has(encoded) && this.files.size >= MAX_OPEN_FILES) return true;
    if (
      this.s.rotateIntervalMs > 0 &&
      ts !== null &&
      this.baseRecordTimestamp !== null &&
      (ts - this.baseRecordTimestamp >= this.s.rotateIntervalMs || encoded !== this.currentEncodedPartition)
    )
      return true;
    return this.scheduledRotationDue(now);
  }

  private scheduledRotationDue(now: number): boolean {
    return this.s.rotateScheduleIntervalMs > 0 && now >= this.nextScheduledRotation;
  }

  /** Wall-clock rotation between puts (rotate.schedule.interval.ms); true when files were uploaded. */
  async rotateIfScheduled(now: number): Promise<boolean> {
    if (this.recordCount === 0 || !this.scheduledRotationDue(now)) return false;
    await this.rotate();
    return true;
  }

  private bufferedBytes(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.encoder.bytes();
    return n;
  }

  /** Uploads every open file; only then does the offset to commit move past them. */
  private async rotate(): Promise<void> {
    const files = [...this.files.values()];
    const stats: RotationStats = { files: files.length, uploaded: 0, existing: 0, bytes: 0 };
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < files.length; i = next++) {
        const body = await files[i].encoder.finish();
        stats.bytes += body.length;
        if ((await this.sink.putIfAbsent(files[i].key, body)) === 'uploaded') stats.uploaded++;
        else stats.existing++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, files.length) }, worker));
    this.committed = this.nextOffset;
    this.reset();
    this.onRotation(stats);
  }

  /** Drops the open files (their records are re-read from the committed offset). */
  discard(): void {
    this.reset();
    this.nextOffset = this.committed;
  }

  private reset(): void {
    this.files.clear();
    this.recordCount = 0;
    this.baseRecordTimestamp = null;
    this.currentEncodedPartition = null;
    this.currentSchema = undefined;
    this.nextScheduledRotation = Infinity;
  }
}

/** A record's fault (a value the format cannot take): reported as bad data, not a store failure. */
function asDataException(e: unknown): DataException {
  if (e instanceof DataException) return e;
  return new DataException(e instanceof Error ? e.message : String(e), { cause: e });
}
