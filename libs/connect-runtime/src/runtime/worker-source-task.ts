// Kafka Connect's WorkerSourceTask: poll → transformation chain → converters → the cluster's
// shared producer; only records the broker acknowledged (or a transform dropped) have their
// source offsets committed, every offset flush interval and on a clean stop (at-least-once).
import type { CompressionTypes, Kafka, Message } from 'kafkajs';
import type { RecordProducer } from '@libs/kafka-clients';
import {
  taskStatusMessage,
  type Props,
  type SourceMap,
  type SourceRecord,
  type SourceTask,
  type TopicCreationSpec,
} from '@libs/connect-spi';
import { canonicalJson } from '@libs/canonical-json';
import { parseCompression } from './codecs';
import type { ConvertedSourceRecord, ConverterStage } from './converter-stage';
import { rawHeaders, type TaskErrorHandling } from './task-errors';
import { WorkerTask, type TaskSetup } from './worker-task';
import { messageBytes } from './connector-telemetry';

/** Source offsets acknowledged but not committed yet, by canonical source partition. */
type PendingOffsets = Map<string, { partition: unknown; offset: unknown }>;

interface Sent extends ConvertedSourceRecord {
  record: SourceRecord;
}

export class WorkerSourceTask extends WorkerTask<SourceTask> {
  protected async execute({ task, kafka, config, props }: TaskSetup<SourceTask>): Promise<void> {
    const { eh, stage } = await this.conversion('source', kafka, config);
    const compression = parseCompression(
      config['producer.override.compression.type'] ?? config['compression.type'] ?? 'none',
    );
    const producer = await this.deps.pool.producer(this.claim.connector.clusterId, this.credential);
    const repo = this.deps.repo;
    const connectorId = this.connectorId;
    task.initialize({
      configs: props,
      offsetStorageReader: {
        async offset(partition: SourceMap) {
          const m = await repo.readSourceOffsets(connectorId, [partition]);
          return (m.get(canonicalJson(partition)) as SourceMap | undefined) ?? null;
        },
        async offsets(partitions: SourceMap[]) {
          const m = await repo.readSourceOffsets(connectorId, partitions);
          return new Map(partitions.map((p) => [p, (m.get(canonicalJson(p)) as SourceMap | undefined) ?? null]));
        },
      },
    });
    await this.createMissingTopics(kafka, config);
    await task.start(props);
    try {
      let lastMessage: string | null | undefined = null; // keeps the restart message until the task has one
      const pending: PendingOffsets = new Map();
      let lastCommit = Date.now();
      const commit = async () => {
        if (pending.size === 0 || this.aborted) return;
        const batch = [...pending.values()];
        pending.clear();
        const t0 = performance.now();
        this.log('debug', `Committing offsets for ${batch.length} source partitions`);
        const ok = await repo.commitSourceOffsets(connectorId, this.taskId, this.epoch, batch);
        if (!ok) {
          this.fence('source offset commit');
          return;
        }
        this.log('debug', `Finished commitOffsets successfully in ${Math.round(performance.now() - t0)} ms`);
        await task.commit();
      };
      /** What the task last reported: RUNNING, PAUSED (in place, KIP-875), or nothing yet. */
      let reported: 'RUNNING' | 'PAUSED' | null = null;
      /** A poll() still running when the task was paused: its records are sent after the resume. */
      let polling: Promise<SourceRecord[] | null> | null = null;
      while (!this.stopping) {
        if (this.paused) {
          if (reported !== 'PAUSED') {
            // paused as WorkerSourceTask pauses: no poll, producer kept; committed so a stop or a
            // failover while paused continues from here
            await commit();
            lastCommit = Date.now();
            if (this.stopping) break;
            if (!(await this.report('PAUSED'))) return;
            reported = 'PAUSED';
            this.log('info', 'task paused');
            continue; // the state may have moved meanwhile: read it again before waiting
          }
          await this.interruption();
          continue;
        }
        if (reported !== 'RUNNING') {
          if (!(await this.reportRunning())) return;
          this.log('info', reported === null ? 'task running' : 'task resumed', { worker: this.deps.workerId });
          reported = 'RUNNING';
          continue;
        }
        polling ??= Promise.resolve(task.poll());
        const polled = await this.interruptible(polling);
        if (this.aborted) return;
        if (!polled) continue; // stopped (the poll is dropped: not acknowledged, not committed) or paused
        polling = null;
        const records = polled.value;
        // e.g. a Datagen task that has generated its iterations: stays RUNNING, says so
        const message = taskStatusMessage(task);
        if (message !== undefined && message !== lastMessage) {
          lastMessage = message;
          if (!(await this.report('RUNNING', { message }))) return;
        }
        if (records && records.length > 0) {
          const t0 = performance.now();
          this.deps.metrics.polled.inc(this.labels, records.length);
          await this.produce(producer, compression, records, stage, task, pending, eh).finally(eh.sync);
          if (this.aborted) return;
          this.deps.metrics.batch.observe(this.labels, (performance.now() - t0) / 1000);
        }
        if (Date.now() - lastCommit >= this.deps.offsetFlushIntervalMs) {
          await commit();
          lastCommit = Date.now();
        }
      }
      await commit();
    } finally {
      await Promise.resolve(task.stop()).catch(() => undefined);
      stage.close();
    }
  }

  private async produce(
    producer: RecordProducer,
    compression: CompressionTypes,
    records: SourceRecord[],
    stage: ConverterStage,
    task: SourceTask,
    pending: PendingOffsets,
    eh: TaskErrorHandling,
  ): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    let sent: Sent[] = [];
    const dropped: SourceRecord[] = [];
    for (const record of records) {
      // transforms → converters, each step under the error handler (KIP-298; sources get a DLQ too)
      const converted = await stage.convertSource(record);
      if (!converted) {
        dropped.push(record);
        continue;
      }
      const topic = converted.out.topic;
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push(converted.msg);
      sent.push({ record, ...converted });
    }
    if (byTopic.size > 0) {
      await this.ensureCurrent('source produce');
      try {
        await producer.sendBatch({
          acks: -1,
          compression,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
      } catch (batchError) {
        if (this.aborted) throw batchError;
        sent = await this.produceOneByOne(producer, compression, sent, eh, dropped);
      }
      this.deps.metrics.produced.inc(this.labels, sent.length);
      if (this.deps.telemetry) {
        let bytes = 0;
        for (const s of sent) bytes += messageBytes(s.msg.key, s.msg.value);
        this.deps.telemetry.sent(this.connectorId, sent.length, bytes);
      }
      this.noteTopics(new Set(sent.map((x) => x.out.topic)));
    }
    // acknowledged (or dropped by a transform): their offsets may be committed now
    for (const r of records)
      if (r.sourcePartition && r.sourceOffset)
        pending.set(canonicalJson(r.sourcePartition), { partition: r.sourcePartition, offset: r.sourceOffset });
    for (const s of sent)
      await task.commitRecord(s.record, {
        topic: s.out.topic,
        partition: s.out.kafkaPartition ?? -1,
        offset: -1,
        timestamp: s.record.timestamp,
      });
    for (const d of dropped) await task.commitRecord(d, null);
  }

  /**
   * KAFKA_PRODUCE: after a failed batch, each record alone; one that still fails is reported
   * (log, DLQ with its converted bytes) and skipped with errors.tolerance=all (KIP-779), or fails
   * the task with none.
   */
  private async produceOneByOne(
    producer: RecordProducer,
    compression: CompressionTypes,
    sent: Sent[],
    eh: TaskErrorHandling,
    dropped: SourceRecord[],
  ): Promise<Sent[]> {
    const ok: Sent[] = [];
    for (const s of sent) {
      await this.ensureCurrent('source produce');
      try {
        await producer.send({ topic: s.out.topic, acks: -1, compression, messages: [s.msg] });
        ok.push(s);
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        const hdrs = rawHeaders(s.msg.headers as Record<string, Buffer | string | undefined>);
        const asBuf = (b: Message['key']): Buffer | null =>
          b === null || b === undefined ? null : Buffer.isBuffer(b) ? b : Buffer.from(b);
        await eh.operator.reportErrant({
          connectorName: this.connectorId,
          taskId: this.taskId,
          stage: 'KAFKA_PRODUCE',
          executingClass: 'org.apache.kafka.clients.producer.KafkaProducer',
          error,
          sourceRecord: s.out,
          converted: { key: asBuf(s.msg.key), value: asBuf(s.msg.value), headers: hdrs },
        });
        dropped.push(s.record);
      }
    }
    return ok;
  }

  /** KIP-158 style: topics the source plugin wants (`topicsToCreate`) are created when missing. */
  private async createMissingTopics(kafka: Kafka, config: Props): Promise<void> {
    const plugin = this.deps.registry.find(this.claim.connector.pluginClass) as
      { topicsToCreate?(c: Props): TopicCreationSpec[] } | undefined;
    const specs = plugin?.topicsToCreate?.(config) ?? [];
    if (specs.length === 0) return;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.topic));
      if (missing.length === 0) return;
      // concurrent creators (other tasks) are fine: kafkajs ignores TOPIC_ALREADY_EXISTS
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor,
          configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })),
        })),
      });
      this.log('info', 'topics created', { topics: missing.map((s) => s.topic) });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
