// One run of one task instance, between a claim (new epoch) and a stop: the source loop
// (poll → transforms → converters → producer → offsets committed for acked records only) and the
// sink loop (consumer in group connect-<id> → converters → transforms → put → preCommit/flush →
// commit). Graceful stops commit; aborts (fenced, lock lost) stop writing at once.
import type { CompressionTypes, Consumer, Kafka, Message, Producer } from 'kafkajs';
import {
  ConnectHeader,
  ConnectHeaders,
  SinkRecord,
  type Converter,
  type Header,
  type OffsetMap,
  type Props,
  type SinkTask,
  type SourceMap,
  type SourceRecord,
  type SourceTask,
  type TopicPartition,
  topicPartitionKey,
} from '@libs/connect-api';
import { JsonConverter, StringConverter, newConverter } from '@libs/connect-converters';
import { TransformationChain } from '@libs/connect-transforms';
import {
  canonicalJson,
  openConnectorConfig,
  type ClaimedTask,
  type ConnectorRuntimeRepository,
  type ConnectRuntimeState,
} from '@libs/db';
import type { PluginRegistry } from '../plugins/plugin-registry';
import { parseCompression } from './codecs';
import type { KafkaClientPool } from './kafka-pool';
import type { RuntimeMetrics, TaskLabels } from './metrics';

export type RuntimeLog = (level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown>) => void;

export interface TaskDeps {
  repo: ConnectorRuntimeRepository;
  registry: PluginRegistry;
  pool: KafkaClientPool;
  secrets: { decrypt(envelope: string, aad: string): string };
  metrics: RuntimeMetrics;
  log: RuntimeLog;
  workerId: string;
  /** How often source offsets / sink group offsets are committed while running. */
  offsetFlushIntervalMs: number;
  sinkSessionTimeoutMs: number;
}

export class FencedError extends Error {
  constructor(what: string) {
    super(`fenced: ${what} rejected, a newer epoch owns the task`);
  }
}

export interface ExecutionResult {
  error?: Error;
  fenced?: boolean;
}

function defaultValueConverter(): Converter {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': false, 'converter.type': 'value' }, false);
  return c;
}

function defaultKeyConverter(): Converter {
  const c = new StringConverter();
  c.configure({ 'converter.type': 'key' }, true);
  return c;
}

function headerBytes(h: Header): Buffer | string {
  if (Buffer.isBuffer(h.value)) return h.value;
  if (h.value instanceof Uint8Array) return Buffer.from(h.value);
  if (typeof h.value === 'string') return h.value;
  return JSON.stringify(h.value ?? null);
}

export class TaskExecution {
  private stopping = false;
  private aborted = false;
  private wake: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => (this.wake = resolve));
  readonly labels: TaskLabels;
  private consumer: Consumer | null = null;

  constructor(
    private readonly deps: TaskDeps,
    readonly connectorId: string,
    readonly taskId: number,
    readonly claim: ClaimedTask,
  ) {
    this.labels = { connector: connectorId, task: String(taskId) };
  }

  get epoch(): number {
    return this.claim.epoch;
  }

  /** Graceful: finish the current batch, commit, stop the task. */
  stop(): void {
    this.stopping = true;
    this.wake();
  }

  /** Immediate: no further writes of any kind (fenced, or our BullMQ lock is gone). */
  abort(): void {
    this.aborted = true;
    this.stopping = true;
    this.wake();
    // a sink task must leave the group now so the new owner gets the partitions
    void this.consumer?.disconnect().catch(() => undefined);
  }

  get isAborted(): boolean {
    return this.aborted;
  }

  private log(level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown> = {}): void {
    this.deps.log(level, event, { connector: this.connectorId, task: this.taskId, epoch: this.epoch, ...fields });
  }

  async report(
    state: ConnectRuntimeState,
    extra: { trace?: string | null; message?: string | null } = {},
  ): Promise<boolean> {
    if (this.aborted) return false;
    const ok = await this.deps.repo.reportTaskState(this.connectorId, this.taskId, this.epoch, { state, ...extra });
    if (!ok) this.fence('state write');
    return ok;
  }

  private fence(what: string): void {
    this.deps.metrics.fenced.inc(this.labels);
    this.log('warn', 'fenced', { write: what });
    this.abort();
  }

  async run(): Promise<ExecutionResult> {
    const c = this.claim.connector;
    const plugin = this.deps.registry.find(c.pluginClass);
    try {
      if (!plugin)
        throw new Error(`connector plugin ${c.pluginClass} is not installed on worker ${this.deps.workerId}`);
      const connectorConfig = openConnectorConfig(
        this.deps.secrets,
        this.connectorId,
        c.config as Record<string, string>,
      );
      const props: Props = { ...openConnectorConfig(this.deps.secrets, this.connectorId, this.claim.config) };
      const TaskClass = plugin.create().taskClass() as new () => SourceTask | SinkTask;
      const task = new TaskClass();
      const kafka = await this.deps.pool.acquire(c.clusterId);
      try {
        if (plugin.type === 'source') await this.runSource(task as SourceTask, kafka, connectorConfig, props);
        else await this.runSink(task as SinkTask, kafka, connectorConfig, props);
      } finally {
        await this.deps.pool.release(c.clusterId);
        this.deps.metrics.forget(this.labels);
      }
      return this.aborted ? { fenced: true } : {};
    } catch (e) {
      if (this.aborted) return { fenced: true };
      const err = e instanceof Error ? e : new Error(String(e));
      if (err instanceof FencedError) return { fenced: true };
      this.deps.metrics.errors.inc(this.labels);
      this.log('error', 'task failed', { error: err.message });
      return { error: err };
    }
  }

  private converters(config: Props): {
    key: Converter;
    value: Converter;
    chain: TransformationChain<SourceRecord & SinkRecord>;
  } {
    const key = newConverter(config, 'key.converter', true) ?? defaultKeyConverter();
    const value = newConverter(config, 'value.converter', false) ?? defaultValueConverter();
    const chain = TransformationChain.fromConfig<SourceRecord & SinkRecord>(config);
    return { key, value, chain };
  }

  // ───────────────────────────── source ─────────────────────────────

  private async runSource(task: SourceTask, _kafka: Kafka, config: Props, props: Props): Promise<void> {
    const { key, value, chain } = this.converters(config);
    const compression = parseCompression(
      config['producer.override.compression.type'] ?? config['compression.type'] ?? 'none',
    );
    const producer = await this.deps.pool.producer(this.claim.connector.clusterId);
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
    await task.start(props);
    try {
      if (!(await this.report('RUNNING', { trace: null, message: this.restartMessage() }))) return;
      this.log('info', 'task running', { worker: this.deps.workerId });
      const pending = new Map<string, { partition: unknown; offset: unknown }>();
      let lastCommit = Date.now();
      const commit = async () => {
        if (pending.size === 0 || this.aborted) return;
        const batch = [...pending.values()];
        pending.clear();
        const ok = await repo.commitSourceOffsets(connectorId, this.taskId, this.epoch, batch);
        if (!ok) {
          this.fence('source offset commit');
          return;
        }
        await task.commit();
      };
      while (!this.stopping) {
        const records = await Promise.race([task.poll(), this.stopped.then(() => null)]);
        if (this.aborted) return;
        if (records && records.length > 0) {
          const t0 = performance.now();
          this.deps.metrics.polled.inc(this.labels, records.length);
          await this.produce(producer, compression, records, key, value, chain, task, pending);
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
      chain.close();
    }
  }

  private async produce(
    producer: Producer,
    compression: CompressionTypes,
    records: SourceRecord[],
    key: Converter,
    value: Converter,
    chain: TransformationChain<SourceRecord & SinkRecord>,
    task: SourceTask,
    pending: Map<string, { partition: unknown; offset: unknown }>,
  ): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    const sent: { record: SourceRecord; topic: string; partition: number | null }[] = [];
    const dropped: SourceRecord[] = [];
    for (const original of records) {
      const r = chain.apply(original as SourceRecord & SinkRecord) as SourceRecord | null;
      if (!r) {
        dropped.push(original);
        continue;
      }
      const headers: Record<string, Buffer | string> = {};
      for (const h of r.headers.toArray()) headers[h.key] = headerBytes(h);
      const msg: Message = {
        key: key.fromConnectData(r.topic, r.headers, r.keySchema, r.key),
        value: value.fromConnectData(r.topic, r.headers, r.valueSchema, r.value),
        headers,
        ...(r.timestamp !== null ? { timestamp: String(r.timestamp) } : {}),
        ...(r.kafkaPartition !== null ? { partition: r.kafkaPartition } : {}),
      };
      let list = byTopic.get(r.topic);
      if (!list) byTopic.set(r.topic, (list = []));
      list.push(msg);
      sent.push({ record: original, topic: r.topic, partition: r.kafkaPartition });
    }
    if (byTopic.size > 0) {
      await producer.sendBatch({
        acks: -1,
        compression,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      this.deps.metrics.produced.inc(this.labels, sent.length);
    }
    // acknowledged (or dropped by a transform): their offsets may be committed now
    for (const r of records)
      if (r.sourcePartition && r.sourceOffset)
        pending.set(canonicalJson(r.sourcePartition), { partition: r.sourcePartition, offset: r.sourceOffset });
    for (const s of sent)
      await task.commitRecord(s.record, {
        topic: s.topic,
        partition: s.partition ?? -1,
        offset: -1,
        timestamp: s.record.timestamp,
      });
    for (const d of dropped) await task.commitRecord(d, null);
  }

  private restartMessage(): string | null {
    return this.claim.restartCount > 0 ? `restarted ${this.claim.restartCount} time(s)` : null;
  }

  // ───────────────────────────── sink ─────────────────────────────

  private async runSink(task: SinkTask, kafka: Kafka, config: Props, props: Props): Promise<void> {
    const { key, value, chain } = this.converters(config);
    const topics = String(props.topics ?? config.topics ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (topics.length === 0) throw new Error('sink connector needs "topics"');
    const consumer = kafka.consumer({
      groupId: `connect-${this.connectorId}`,
      sessionTimeout: this.deps.sinkSessionTimeoutMs,
      rebalanceTimeout: Math.max(this.deps.sinkSessionTimeoutMs, 10_000),
      heartbeatInterval: Math.max(500, Math.floor(this.deps.sinkSessionTimeoutMs / 6)),
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: true,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    this.consumer = consumer;
    const current: OffsetMap = new Map();
    const lagByPartition = new Map<string, number>();
    let assignment: TopicPartition[] = [];
    let failure: Error | null = null;
    let failed: () => void = () => undefined;
    const failedSignal = new Promise<void>((r) => (failed = r));
    let commitRequested = false;
    task.initialize({
      configs: props,
      offset: () => undefined,
      timeout: () => undefined,
      assignment: () => assignment,
      pause: () => undefined,
      resume: () => undefined,
      requestCommit: () => {
        commitRequested = true;
      },
      errantRecordReporter: () => null,
    });
    await task.start(props);
    let lastCommit = Date.now();
    const commit = async () => {
      if (current.size === 0 || this.aborted) return;
      // fenced by the task epoch here, and by the group generation in the broker
      if (!(await this.deps.repo.isCurrent(this.connectorId, this.taskId, this.epoch))) {
        this.fence('sink offset commit');
        return;
      }
      const safe = await task.preCommit(new Map(current));
      const offsets = [...safe.values()].map((o) => ({
        topic: o.topicPartition.topic,
        partition: o.topicPartition.partition,
        offset: String(o.offset),
      }));
      if (offsets.length > 0) await consumer.commitOffsets(offsets);
      lastCommit = Date.now();
      commitRequested = false;
    };
    try {
      await consumer.connect();
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        const a = e.payload.memberAssignment as Record<string, number[]>;
        const next = Object.entries(a).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
        const gone = assignment.filter((tp) => !next.some((n) => n.topic === tp.topic && n.partition === tp.partition));
        for (const tp of gone) current.delete(topicPartitionKey(tp));
        assignment = next;
        void Promise.resolve(task.close(gone)).then(() => task.open(next));
      });
      for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          if (this.stopping || !isRunning() || isStale() || failure) return;
          const t0 = performance.now();
          try {
            const records: SinkRecord[] = [];
            for (const m of batch.messages) {
              const headers = new ConnectHeaders(
                Object.entries(m.headers ?? {}).map(
                  ([k, v]) =>
                    new ConnectHeader(k, null, Array.isArray(v) ? String(v[0]) : v === undefined ? null : String(v)),
                ),
              );
              const k = key.toConnectData(batch.topic, headers, m.key);
              const v = value.toConnectData(batch.topic, headers, m.value);
              const rec = new SinkRecord(
                batch.topic,
                batch.partition,
                k.schema,
                k.value,
                v.schema,
                v.value,
                Number(m.offset),
                Number(m.timestamp),
                'CreateTime',
                headers,
              );
              const out = chain.apply(rec as SourceRecord & SinkRecord) as SinkRecord | null;
              if (out) records.push(out);
            }
            if (this.stopping) return;
            await task.put(records);
            this.deps.metrics.put.inc(this.labels, records.length);
            const last = batch.messages[batch.messages.length - 1];
            if (last) {
              resolveOffset(last.offset);
              const tp = { topic: batch.topic, partition: batch.partition };
              current.set(topicPartitionKey(tp), { topicPartition: tp, offset: Number(last.offset) + 1 });
              lagByPartition.set(
                topicPartitionKey(tp),
                Math.max(0, Number(batch.highWatermark) - (Number(last.offset) + 1)),
              );
              this.deps.metrics.lag.set(
                this.labels,
                [...lagByPartition.values()].reduce((a, b) => a + b, 0),
              );
            }
            this.deps.metrics.batch.observe(this.labels, (performance.now() - t0) / 1000);
            await heartbeat();
            if (commitRequested || Date.now() - lastCommit >= this.deps.offsetFlushIntervalMs) await commit();
          } catch (e) {
            if (this.aborted) return;
            failure = e instanceof Error ? e : new Error(String(e));
            failed();
          }
        },
      });
      consumer.on(consumer.events.CRASH, (e) => {
        if (this.aborted || this.stopping) return;
        failure = e.payload.error;
        failed();
      });
      if (!(await this.report('RUNNING', { trace: null, message: this.restartMessage() }))) return;
      this.log('info', 'task running', { worker: this.deps.workerId });
      await Promise.race([this.stopped, failedSignal]);
      if (failure) throw failure;
      if (!this.aborted)
        await commit().catch((e) => this.log('warn', 'final commit failed', { error: (e as Error).message }));
    } finally {
      this.consumer = null;
      await consumer.disconnect().catch(() => undefined);
      await Promise.resolve(task.stop()).catch(() => undefined);
      chain.close();
    }
  }
}
