// One run of one task instance, between a claim (new epoch) and a stop: the source loop
// (poll → transforms → converters → producer → offsets committed for acked records only) and the
// sink loop (consumer in group connect-<id> → converters → transforms → put → preCommit/flush →
// commit). Graceful stops commit; aborts (fenced, lock lost) stop writing at once.
import type { CompressionTypes, Consumer, ConsumerRunConfig, Kafka, Message } from 'kafkajs';
import type { RecordProducer } from '@libs/kafka-clients';
import {
  ConnectHeader,
  ConnectHeaders,
  SinkRecord,
  type Converter,
  type Header,
  type HeaderConverter,
  type OffsetMap,
  type Props,
  type SinkTask,
  type SourceMap,
  type SourceRecord,
  type SourceTask,
  type TopicCreationSpec,
  type TopicPartition,
  taskStatusMessage,
  topicPartitionKey,
} from '@libs/connect-spi';
import {
  deserializeWith,
  JsonConverter,
  managedConverters,
  newConverter,
  newHeaderConverter,
  serializeWith,
  StringConverter,
  type SchemaRegistryConfig,
} from '@libs/connect-converters';
import { TransformationChain } from '@libs/connect-transforms';
import {
  openConnectorConfig,
  type ClaimedTask,
  type ConnectorRuntimeRepository,
  type ConnectRuntimeState,
} from '@libs/db';
import { canonicalJson } from '@libs/canonical-json';
import type { PluginRegistry } from '@libs/connect-spi';
import { parseCompression } from './codecs';
import type { KafkaClientPool } from './kafka-pool';
import { groupCall, groupErrorKind, isGroupError, isRejoinable } from './group-errors';
import type { JobLease } from './job-lease';
import { connectorCredential, credentialFailure, type KafkaCredential } from './kafka-credential';
import type { RuntimeMetrics, TaskLabels } from './metrics';
import type { ConsumedRecord } from '../errors';
import {
  createTaskErrorHandling,
  errantRecordReporter,
  rawHeaders,
  DEFAULT_HEADER_CONVERTER_CLASS,
  converterClassName,
  type TaskErrorHandling,
} from './task-errors';

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
  /**
   * How long a successful job-lock renewal proves the task is still ours (see job-lease.ts); the
   * ConnectWorker sets it from its lock duration. Without it, sends are not checked.
   */
  leaseMs?: number;
  /**
   * The Schema Registry of a connector's environment, for managed connectors whose
   * output/input.data.format needs one (AVRO, JSON_SR, PROTOBUF). apps/worker passes an in-process
   * client on the registry's use cases; absent, those formats fail with a missing-registry error.
   */
  schemaRegistry?: (connector: ClaimedTask['connector']) => Promise<SchemaRegistryConfig>;
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

/** Where the run stands on its lease: `valid` while no other worker can have claimed the task. */
export type TaskLease = Pick<JobLease, 'valid'>;

/** The RUNNING status message of a task that was restarted after failures. */
export function restartMessage(restartCount: number): string | null {
  return restartCount > 0 ? `restarted ${restartCount} time(s)` : null;
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

/** The task's `header.converter` (default SimpleHeaderConverter) and its class name for the error context. */
const headerConverters = new WeakMap<Props, { converter: HeaderConverter; className: string }>();

function headerConverterOf(config: Props): { converter: HeaderConverter; className: string } {
  const cached = headerConverters.get(config);
  if (cached) return cached;
  const raw = config['header.converter'];
  const className = typeof raw === 'string' && raw.trim() ? raw.trim() : DEFAULT_HEADER_CONVERTER_CLASS;
  const hc = { converter: newHeaderConverter(config), className };
  headerConverters.set(config, hc);
  return hc;
}

/** A consumed header value (kafkajs: bytes, string, or a list for repeated keys) as bytes. */
function rawHeaderBytes(v: unknown): Buffer | null {
  const one = Array.isArray(v) ? (v[0] as unknown) : v;
  if (one === undefined || one === null) return null;
  if (Buffer.isBuffer(one)) return one;
  if (one instanceof Uint8Array) return Buffer.from(one);
  return Buffer.from(String(one), 'utf8');
}

export class TaskExecution {
  private stopping = false;
  private aborted = false;
  private wake: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => (this.wake = resolve));
  readonly labels: TaskLabels;
  private consumer: Consumer | null = null;
  /** The connector's own Kafka login (kafka.api.key/secret): every client of this task uses it. */
  private credential: KafkaCredential | null = null;
  /** Cuts error-handler retry waits short on stop/abort. */
  private readonly retryAbort = new AbortController();
  /** performance.now() when the run reported RUNNING (null before): how long it ran healthily. */
  runningSince: number | null = null;

  constructor(
    private readonly deps: TaskDeps,
    readonly connectorId: string,
    readonly taskId: number,
    readonly claim: ClaimedTask,
    /** Without one (a run outside a BullMQ job), sends rely on the fenced commits alone. */
    private readonly lease: TaskLease | null = null,
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
    this.retryAbort.abort();
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

  /**
   * Before every send (produce, DLQ, put): is our epoch still current? Free while the job lease
   * holds; after it ran out (a stall or freeze past the lock), one Postgres read first. Throws
   * FencedError (and aborts the run) when another worker owns the task.
   */
  private async ensureCurrent(what: string): Promise<void> {
    if (this.aborted) throw new FencedError(what);
    if (!this.lease || this.lease.valid) return;
    const current = await this.deps.repo.isCurrent(this.connectorId, this.taskId, this.epoch);
    if (this.aborted) throw new FencedError(what);
    if (!current) {
      this.fence(what);
      throw new FencedError(what);
    }
  }

  /** How long the run has been RUNNING (0 if it never got there). */
  get healthyMs(): number {
    return this.runningSince === null ? 0 : performance.now() - this.runningSince;
  }

  private async reportRunning(): Promise<boolean> {
    if (!(await this.report('RUNNING', { trace: null, message: this.restartMessage() }))) return false;
    this.runningSince = performance.now();
    return true;
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
      this.credential = connectorCredential(connectorConfig);
      const kafka = await this.deps.pool.acquire(c.clusterId, this.credential);
      try {
        if (plugin.type === 'source') await this.runSource(task as SourceTask, kafka, connectorConfig, props);
        else await this.runSink(task as SinkTask, kafka, connectorConfig, props);
      } finally {
        await this.deps.pool.release(c.clusterId, this.credential);
        this.deps.metrics.forget(this.labels);
      }
      return this.aborted ? { fenced: true } : {};
    } catch (e) {
      if (this.aborted) return { fenced: true };
      const err = credentialFailure(e, this.credential) ?? (e instanceof Error ? e : new Error(String(e)));
      if (err instanceof FencedError) return { fenced: true };
      this.deps.metrics.errors.inc(this.labels);
      this.log('error', 'task failed', { error: err.message });
      return { error: err };
    }
  }

  private async converters(config: Props): Promise<{
    key: Converter;
    value: Converter;
    chain: TransformationChain<SourceRecord & SinkRecord>;
  }> {
    const strings = config as Readonly<Record<string, string | undefined>>;
    if (strings['output.data.format'] !== undefined || strings['input.data.format'] !== undefined) {
      // managed connector (Confluent Cloud style): the data format picks the converters
      const sr = (await this.deps.schemaRegistry?.(this.claim.connector)) ?? {};
      const m = managedConverters(strings, sr);
      if (m)
        return { key: m.key, value: m.value, chain: TransformationChain.fromConfig<SourceRecord & SinkRecord>(config) };
    }
    const key = newConverter(config, 'key.converter', true) ?? defaultKeyConverter();
    const value = newConverter(config, 'value.converter', false) ?? defaultValueConverter();
    const chain = TransformationChain.fromConfig<SourceRecord & SinkRecord>(config);
    return { key, value, chain };
  }

  // ───────────────────────────── source ─────────────────────────────

  private async runSource(task: SourceTask, kafka: Kafka, config: Props, props: Props): Promise<void> {
    const { key, value, chain } = await this.converters(config);
    const eh = this.errorHandling('source', kafka, config);
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
      if (!(await this.reportRunning())) return;
      let lastMessage: string | null | undefined = null; // keeps the restart message until the task has one
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
        // e.g. a Datagen task that has generated its iterations: stays RUNNING, says so
        const message = taskStatusMessage(task);
        if (message !== undefined && message !== lastMessage) {
          lastMessage = message;
          if (!(await this.report('RUNNING', { message }))) return;
        }
        if (records && records.length > 0) {
          const t0 = performance.now();
          this.deps.metrics.polled.inc(this.labels, records.length);
          await this.produce(producer, compression, records, key, value, chain, task, pending, eh, config).finally(
            eh.sync,
          );
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
    producer: RecordProducer,
    compression: CompressionTypes,
    records: SourceRecord[],
    key: Converter,
    value: Converter,
    chain: TransformationChain<SourceRecord & SinkRecord>,
    task: SourceTask,
    pending: Map<string, { partition: unknown; offset: unknown }>,
    eh: TaskErrorHandling,
    config: Props,
  ): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    let sent: { record: SourceRecord; topic: string; partition: number | null; out: SourceRecord; msg: Message }[] = [];
    const dropped: SourceRecord[] = [];
    const op = eh.operator;
    const base = { connectorName: this.connectorId, taskId: this.taskId };
    const keyClass = converterClassName(config, true);
    const valueClass = converterClassName(config, false);
    const hc = headerConverterOf(config);
    for (const original of records) {
      // transforms → converters, each stage under the error handler (KIP-298; sources get a DLQ too)
      let r: SourceRecord | null = original;
      let failed = false;
      for (const stage of chain.stages) {
        const cur: SourceRecord = r;
        const a = await op.execute(
          { ...base, stage: 'TRANSFORMATION', executingClass: stage.className, sourceRecord: cur },
          () => stage.apply(cur as SourceRecord & SinkRecord) as SourceRecord | null,
        );
        if (!a.ok) failed = true;
        r = a.ok ? a.value : null;
        if (r === null) break;
      }
      if (!r) {
        if (!failed) op.recordSuccess();
        dropped.push(original);
        continue;
      }
      const out: SourceRecord = r;
      const ctx = { ...base, sourceRecord: out };
      const headers: Record<string, Buffer | string> = {};
      const h = await op.execute({ ...ctx, stage: 'HEADER_CONVERTER', executingClass: hc.className }, () => {
        for (const one of out.headers.toArray() as Header[])
          headers[one.key] = hc.converter.fromConnectHeader(out.topic, one.key, one.schema, one.value) as Buffer;
      });
      const k = h.ok
        ? await op.execute({ ...ctx, stage: 'KEY_CONVERTER', executingClass: keyClass }, () =>
            serializeWith(key, out.topic, out.headers, out.keySchema, out.key),
          )
        : h;
      const v = k.ok
        ? await op.execute({ ...ctx, stage: 'VALUE_CONVERTER', executingClass: valueClass }, () =>
            serializeWith(value, out.topic, out.headers, out.valueSchema, out.value),
          )
        : k;
      if (!k.ok || !v.ok || failed) {
        dropped.push(original);
        continue;
      }
      const msg: Message = {
        key: k.value,
        value: v.value,
        headers,
        ...(out.timestamp !== null ? { timestamp: String(out.timestamp) } : {}),
        ...(out.kafkaPartition !== null ? { partition: out.kafkaPartition } : {}),
      };
      let list = byTopic.get(out.topic);
      if (!list) byTopic.set(out.topic, (list = []));
      list.push(msg);
      sent.push({ record: original, topic: out.topic, partition: out.kafkaPartition, out, msg });
      op.recordSuccess();
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

  /**
   * KAFKA_PRODUCE: after a failed batch, each record alone; one that still fails is reported
   * (log, DLQ with its converted bytes) and skipped with errors.tolerance=all (KIP-779), or fails
   * the task with none.
   */
  private async produceOneByOne<T extends { record: SourceRecord; topic: string; out: SourceRecord; msg: Message }>(
    producer: RecordProducer,
    compression: CompressionTypes,
    sent: T[],
    eh: TaskErrorHandling,
    dropped: SourceRecord[],
  ): Promise<T[]> {
    const ok: T[] = [];
    for (const s of sent) {
      await this.ensureCurrent('source produce');
      try {
        await producer.send({ topic: s.topic, acks: -1, compression, messages: [s.msg] });
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

  private errorHandling(type: 'source' | 'sink', kafka: Kafka, config: Props): TaskErrorHandling {
    return createTaskErrorHandling({
      props: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)])),
      type,
      connectorId: this.connectorId,
      clusterId: this.claim.connector.clusterId,
      credential: this.credential,
      kafka,
      pool: this.deps.pool,
      metrics: this.deps.metrics,
      labels: this.labels,
      log: (level, event, fields) => this.log(level, event, fields),
      signal: this.retryAbort.signal,
      beforeSend: () => this.ensureCurrent('DLQ produce'),
    });
  }

  /** Sink: key/value converters then each transform, under the error handler; null = skip/drop. */
  private async sinkRecordOf(
    eh: TaskErrorHandling,
    consumed: ConsumedRecord,
    rawHeaderValues: Record<string, unknown> | undefined,
    key: Converter,
    value: Converter,
    chain: TransformationChain<SourceRecord & SinkRecord>,
    config: Props,
  ): Promise<SinkRecord | null> {
    const op = eh.operator;
    const ctx = { connectorName: this.connectorId, taskId: this.taskId, consumed };
    const hc = headerConverterOf(config);
    const h = await op.execute(
      { ...ctx, stage: 'HEADER_CONVERTER', executingClass: hc.className },
      () =>
        new ConnectHeaders(
          Object.entries(rawHeaderValues ?? {}).map(([k, v]) => {
            const sv = hc.converter.toConnectHeader(consumed.topic, k, rawHeaderBytes(v));
            return new ConnectHeader(k, sv.schema, sv.value);
          }),
        ),
    );
    if (!h.ok) return null;
    const headers = h.value;
    const k = await op.execute(
      {
        ...ctx,
        stage: 'KEY_CONVERTER',
        executingClass: converterClassName(config, true),
      },
      () => deserializeWith(key, consumed.topic, headers, consumed.key),
    );
    if (!k.ok) return null;
    const v = await op.execute(
      {
        ...ctx,
        stage: 'VALUE_CONVERTER',
        executingClass: converterClassName(config, false),
      },
      () => deserializeWith(value, consumed.topic, headers, consumed.value),
    );
    if (!v.ok) return null;
    let rec: SinkRecord | null = new SinkRecord(
      consumed.topic,
      consumed.partition,
      k.value.schema,
      k.value.value,
      v.value.schema,
      v.value.value,
      consumed.offset,
      consumed.timestamp ?? null,
      'CreateTime',
      headers,
    );
    for (const stage of chain.stages) {
      const cur: SinkRecord = rec;
      const a = await op.execute(
        { ...ctx, stage: 'TRANSFORMATION', executingClass: stage.className },
        () => stage.apply(cur as SourceRecord & SinkRecord) as SinkRecord | null,
      );
      if (!a.ok) return null;
      if (a.value === null) {
        op.recordSuccess(); // dropped by a transform (e.g. Filter): processed, not failed
        return null;
      }
      rec = a.value;
    }
    op.recordSuccess();
    return rec;
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

  private restartMessage(): string | null {
    return restartMessage(this.claim.restartCount);
  }

  // ───────────────────────────── sink ─────────────────────────────

  private async runSink(task: SinkTask, kafka: Kafka, config: Props, props: Props): Promise<void> {
    const { key, value, chain } = await this.converters(config);
    const eh = this.errorHandling('sink', kafka, config);
    // the consumed records of the batch in flight, by offset, for errant-record reports (KIP-610)
    const originals = new Map<string, ConsumedRecord>();
    const errant = errantRecordReporter(
      eh,
      {
        connectorName: this.connectorId,
        taskId: this.taskId,
        // Kafka names the task class; ours is the connector plugin's fully-qualified class
        executingClass:
          this.deps.registry.find(this.claim.connector.pluginClass)?.className ?? this.claim.connector.pluginClass,
      },
      (r) => originals.get(`${r.kafkaPartition}:${r.kafkaOffset}`),
    );
    const topics = String(props.topics ?? config.topics ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const topicsRegex = String(props['topics.regex'] ?? config['topics.regex'] ?? '').trim();
    if (topics.length === 0 && !topicsRegex) throw new Error('sink connector needs "topics" or "topics.regex"');
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
    let memberId: string | null = null;
    let failure: Error | null = null;
    let failed: () => void = () => undefined;
    const failedSignal = new Promise<void>((r) => (failed = r));
    const fail = (e: unknown) => {
      failure ??= e instanceof Error ? e : new Error(String(e));
      failed();
    };
    let commitRequested = false;
    /** put() happened since the last commit. */
    let dirty = false;
    let inBatch = false;
    let idleCommit: Promise<void> | null = null;
    // the task's open()/close() calls, in order (GROUP_JOIN is an event; revocations run in eachBatch)
    let partitionCalls: Promise<void> = Promise.resolve();
    const onPartitions = (fn: () => void | Promise<void>): Promise<void> =>
      (partitionCalls = partitionCalls.then(fn).catch(fail));
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
      errantRecordReporter: () => errant,
    });
    await task.start(props);
    let lastCommit = Date.now();
    let commitError: unknown = null;
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
      if (offsets.length > 0)
        await groupCall(() => consumer.commitOffsets(offsets)).catch((e: unknown) => {
          commitError = e;
          throw e;
        });
      lastCommit = Date.now();
      commitRequested = false;
      dirty = false;
    };
    /**
     * onPartitionsRevoked (commit first: the generation is still ours) or onPartitionsLost (no
     * commit: the new owners re-read from the last one). Then the task closes its partitions.
     */
    const revoke = async (commitFirst: boolean) => {
      if (commitFirst)
        await commit().catch((e: Error) => this.log('warn', 'commit on rebalance failed', { error: e.message }));
      const revoked = assignment;
      assignment = [];
      current.clear();
      lagByPartition.clear();
      if (revoked.length > 0) await onPartitions(() => task.close(revoked));
    };
    let runConfig: ConsumerRunConfig = {};
    let crashDelay = 250;
    let restarting = false;
    let crashedAgain = false;
    /**
     * A fresh member after a crash kafkajs leaves to us (it disconnected the consumer before
     * emitting CRASH), with backoff while the broker is unreachable; a failed join crashes again
     * and lands here once more.
     */
    const restartConsumer = async () => {
      if (restarting) {
        crashedAgain = true; // the join inside run() below failed: go round once more
        return;
      }
      restarting = true;
      try {
        while (!this.stopping && !failure) {
          const delay = crashDelay;
          crashDelay = Math.min(crashDelay * 2, 5000);
          await Promise.race([new Promise((r) => setTimeout(r, delay)), this.stopped]);
          if (this.stopping || failure) return;
          try {
            crashedAgain = false;
            await consumer.connect();
            await consumer.run(runConfig);
            if (!crashedAgain) return;
          } catch (err) {
            this.log('warn', 'sink consumer restart failed', { error: (err as Error).message });
            await consumer.disconnect().catch(() => undefined);
          }
        }
      } finally {
        restarting = false;
      }
    };
    // an idle sink commits what it put on the flush interval too, so a rebalance re-delivers little
    const idleTimer = setInterval(() => {
      if (inBatch || idleCommit || !dirty || this.stopping || failure) return;
      idleCommit = commit()
        .catch((e: Error) => this.log('warn', 'offset commit failed', { error: e.message }))
        .finally(() => (idleCommit = null));
    }, this.deps.offsetFlushIntervalMs);
    try {
      await consumer.connect();
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        const a = e.payload.memberAssignment as Record<string, number[]>;
        const next = Object.entries(a).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
        const keep = new Set(next.map(topicPartitionKey));
        // a new member id: the old membership ended (expired, consumer or broker restarted), and
        // what it put but did not commit is re-read by the group; its offsets are not ours to commit
        if (e.payload.memberId !== memberId) keep.clear();
        memberId = e.payload.memberId;
        crashDelay = 250; // a member again: the next crash restarts quickly
        for (const k of [...current.keys()]) if (!keep.has(k)) current.delete(k);
        for (const k of [...lagByPartition.keys()]) if (!keep.has(k)) lagByPartition.delete(k);
        // kafkajs rebalances eagerly: what is still open (kafkajs rejoined on its own) closes first
        const revoked = assignment;
        assignment = next;
        void onPartitions(async () => {
          if (revoked.length > 0) await task.close(revoked);
          await task.open(next);
        });
      });
      consumer.on(consumer.events.CRASH, (e) => {
        if (this.aborted || this.stopping) return;
        // retriable (connection lost, retries exhausted): kafkajs restarts the consumer itself; a
        // forgotten member (broker restart, expired session) or an unreachable broker: we do;
        // either way the task keeps running. Anything else fails the task.
        if (e.payload.restart) {
          this.log('warn', 'sink consumer restarting', { error: e.payload.error.message });
          return;
        }
        if (!isRejoinable(e.payload.error)) {
          fail(e.payload.error);
          return;
        }
        this.log('warn', 'sink consumer restarting', { error: e.payload.error.message });
        void restartConsumer();
      });
      if (topics.length > 0) await consumer.subscribe({ topics, fromBeginning: true });
      // kafkajs matches the regex against the topics that exist when subscribing (no re-match later)
      else await consumer.subscribe({ topics: [new RegExp(`^(?:${topicsRegex})$`)], fromBeginning: true });
      runConfig = {
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          if (idleCommit) await idleCommit;
          if (this.stopping || !isRunning() || isStale() || failure) return;
          const t0 = performance.now();
          // a group error seen by the heartbeat that keeps the membership during a long put()
          let groupError: unknown = null;
          inBatch = true;
          try {
            const records: SinkRecord[] = [];
            originals.clear();
            for (const m of batch.messages) {
              const consumed: ConsumedRecord = {
                topic: batch.topic,
                partition: batch.partition,
                offset: Number(m.offset),
                key: m.key,
                value: m.value,
                headers: rawHeaders(m.headers),
                timestamp: Number(m.timestamp),
              };
              originals.set(`${consumed.partition}:${consumed.offset}`, consumed);
              const out = await this.sinkRecordOf(eh, consumed, m.headers, key, value, chain, config);
              if (out) records.push(out);
            }
            if (this.stopping) return;
            await this.ensureCurrent('sink put');
            // a long put() (e.g. a sink retrying a database) must not cost us the group membership
            const beat = setInterval(
              () => void groupCall(heartbeat).catch((e: unknown) => (groupError ??= e)),
              Math.max(500, Math.floor(this.deps.sinkSessionTimeoutMs / 3)),
            );
            await Promise.resolve(task.put(records))
              .finally(() => clearInterval(beat))
              .finally(eh.sync);
            this.deps.metrics.put.inc(this.labels, records.length);
            const last = batch.messages[batch.messages.length - 1];
            if (last) {
              resolveOffset(last.offset);
              const tp = { topic: batch.topic, partition: batch.partition };
              current.set(topicPartitionKey(tp), { topicPartition: tp, offset: Number(last.offset) + 1 });
              dirty = true;
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
            if (groupError) throw groupError;
            await groupCall(heartbeat);
            if (commitRequested || Date.now() - lastCommit >= this.deps.offsetFlushIntervalMs) await commit();
          } catch (e) {
            if (this.aborted) return;
            if (!isGroupError(e)) {
              fail(e);
              return;
            }
            // a rebalance, a lost membership or the broker going away: kafkajs rejoins when the
            // error reaches it (or restarts the consumer); never a task failure
            const kind = groupErrorKind(e);
            if (kind !== 'transient') await revoke(kind === 'rebalance' && e !== commitError);
            this.log('info', 'sink rejoining its group', { reason: (e as Error).message });
            throw e;
          } finally {
            inBatch = false;
          }
        },
      };
      await consumer.run(runConfig);
      if (!(await this.reportRunning())) return;
      this.log('info', 'task running', { worker: this.deps.workerId });
      await Promise.race([this.stopped, failedSignal]);
      if (failure) throw failure;
      clearInterval(idleTimer);
      await idleCommit;
      if (!this.aborted)
        await commit().catch((e) => this.log('warn', 'final commit failed', { error: (e as Error).message }));
    } finally {
      clearInterval(idleTimer);
      this.consumer = null;
      await consumer.disconnect().catch(() => undefined);
      await Promise.resolve(task.stop()).catch(() => undefined);
      chain.close();
    }
  }
}
