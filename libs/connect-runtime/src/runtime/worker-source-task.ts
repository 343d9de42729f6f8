// Kafka Connect's WorkerSourceTask: poll → transformation chain → converters → a delivery:
// at least once (the cluster's shared producer; offsets of acknowledged records committed to
// Postgres every flush interval and on a clean stop) or, with exactly.once.source.support=enabled,
// exactly once (KIP-618: records and offsets in one transaction of the task's transactional
// producer, exactly-once-delivery.ts).
import type { Kafka } from 'kafkajs';
import {
  taskStatusMessage,
  type Props,
  type SourceRecord,
  type SourceTask,
  type TopicCreationSpec,
} from '@libs/connect-spi';
import { parseCompression } from './codecs';
import { WorkerTask, type TaskSetup } from './worker-task';
import { messageBytes } from './connector-telemetry';
import { AtLeastOnceDelivery } from './at-least-once-delivery';
import { ExactlyOnceDelivery, initTransactionalProducer, transactionalIdOf } from './exactly-once-delivery';
import { resolveExactlyOnce } from './exactly-once-config';
import type { DeliveryHost, PolledRecord, Sent, SourceDelivery } from './source-delivery';

export class WorkerSourceTask extends WorkerTask<SourceTask> {
  protected async execute({ task, kafka, config, props }: TaskSetup<SourceTask>): Promise<void> {
    const { eh, stage } = await this.conversion('source', kafka, config);
    const compression = parseCompression(
      config['producer.override.compression.type'] ?? config['compression.type'] ?? 'none',
    );
    const delivery = await this.delivery(task, kafka, config, compression, eh);
    try {
      await delivery.open();
      task.initialize({
        configs: props,
        offsetStorageReader: delivery.reader,
        transactionContext: delivery.transactionContext,
      });
      await this.createMissingTopics(kafka, config);
      await task.start(props);
      try {
        await this.loop(task, delivery, stage, eh);
      } finally {
        await Promise.resolve(task.stop()).catch(() => undefined);
      }
    } finally {
      stage.close();
      await delivery.close();
    }
  }

  private async loop(
    task: SourceTask,
    delivery: SourceDelivery,
    stage: Awaited<ReturnType<WorkerSourceTask['conversion']>>['stage'],
    eh: Awaited<ReturnType<WorkerSourceTask['conversion']>>['eh'],
  ): Promise<void> {
    let lastMessage: string | null | undefined = null; // keeps the restart message until the task has one
    /** What the task last reported: RUNNING, PAUSED (in place, KIP-875), or nothing yet. */
    let reported: 'RUNNING' | 'PAUSED' | null = null;
    /** A poll() still running when the task was paused: its records are sent after the resume. */
    let polling: Promise<SourceRecord[] | null> | null = null;
    while (!this.stopping) {
      if (this.paused) {
        if (reported !== 'PAUSED') {
          // paused as WorkerSourceTask pauses: no poll, producer kept; committed so a stop or a
          // failover while paused continues from here
          await delivery.flush();
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
      const records = polled.value ?? [];
      // e.g. a Datagen task that has generated its iterations: stays RUNNING, says so
      const message = taskStatusMessage(task);
      if (message !== undefined && message !== lastMessage) {
        lastMessage = message;
        if (!(await this.report('RUNNING', { message }))) return;
      }
      const t0 = performance.now();
      if (records.length > 0) this.deps.metrics.polled.inc(this.labels, records.length);
      const batch: PolledRecord[] = [];
      try {
        // transforms → converters, each step under the error handler (KIP-298; sources get a DLQ too)
        for (const record of records) {
          const c = stage.convertSource(record); // synchronous unless a step is not
          batch.push({ record, converted: c instanceof Promise ? await c : c });
        }
        await delivery.deliver(batch);
      } finally {
        eh.sync();
      }
      if (this.aborted) return;
      if (records.length > 0) this.deps.metrics.batch.observe(this.labels, (performance.now() - t0) / 1000);
      await delivery.tick();
    }
    await delivery.flush();
  }

  /** The delivery the connector's exactly.once.source.support asks for. */
  private async delivery(
    task: SourceTask,
    kafka: Kafka,
    config: Props,
    compression: ReturnType<typeof parseCompression>,
    eh: Awaited<ReturnType<WorkerSourceTask['conversion']>>['eh'],
  ): Promise<SourceDelivery> {
    const eos = resolveExactlyOnce(config);
    const clusterId = this.claim.connector.clusterId;
    const host = this.deliveryHost(task);
    if (eos.support === 'enabled')
      return new ExactlyOnceDelivery(host, {
        kafka,
        clusterId,
        settings: eos,
        compression,
        flushIntervalMs: this.deps.offsetFlushIntervalMs,
      });
    const producer = await this.deps.pool.producer(clusterId, this.credential);
    return new AtLeastOnceDelivery(host, {
      producer,
      compression,
      eh,
      flushIntervalMs: this.deps.offsetFlushIntervalMs,
      keepPayloads: eh.logsMessages === true,
      // preparing (KIP-618): at least once, but an older exactly-once instance of the task is fenced
      beforeStart:
        eos.support === 'preparing'
          ? async () => {
              await this.ensureCurrent('producer initialization');
              const p = await initTransactionalProducer(
                kafka,
                transactionalIdOf(clusterId, this.connectorId, this.taskId),
              );
              await p.disconnect().catch(() => undefined);
            }
          : undefined,
    });
  }

  private deliveryHost(task: SourceTask): DeliveryHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the host reads the run's live state
    const run = this;
    return {
      connectorId: this.connectorId,
      taskId: this.taskId,
      epoch: this.epoch,
      repo: this.deps.repo,
      get aborted() {
        return run.aborted;
      },
      ensureCurrent: (what) => this.ensureCurrent(what),
      fence: (what) => this.fence(what),
      log: (level, event, fields) => this.log(level, event, fields),
      acknowledged: (sent) => this.acknowledged(sent),
      recordsCommitted: async (sent, dropped) => {
        // awaited only when the task's commitRecord is async (most are no-ops: no promise per record)
        for (const s of sent) {
          const r = task.commitRecord(s.record, {
            topic: s.out.topic,
            partition: s.out.kafkaPartition ?? -1,
            offset: -1,
            timestamp: s.record.timestamp,
          });
          if (r) await r;
        }
        for (const d of dropped) {
          const r = task.commitRecord(d, null);
          if (r) await r;
        }
      },
      offsetsCommitted: async () => {
        await task.commit();
      },
    };
  }

  /** Records the broker acknowledged: metrics, the Metrics API's series, active topics (KIP-558). */
  private acknowledged(sent: Sent[]): void {
    this.deps.metrics.produced.inc(this.labels, sent.length);
    if (this.deps.telemetry) {
      let bytes = 0;
      for (const s of sent) bytes += messageBytes(s.msg.key, s.msg.value);
      this.deps.telemetry.sent(this.connectorId, sent.length, bytes);
    }
    this.noteTopics(new Set(sent.map((x) => x.out.topic)));
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
