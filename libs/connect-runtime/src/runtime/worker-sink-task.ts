// Kafka Connect's WorkerSinkTask: a consumer in group connect-<connector id> → converters →
// transformation chain → put(); every offset flush interval (or when the task asks, and on a clean
// stop) preCommit()/flush() and the returned offsets are committed. Rebalances are routine
// (group-errors.ts): revoked partitions are flushed and committed first, lost ones are not.
import type { Consumer, ConsumerRunConfig } from 'kafkajs';
import { SinkRecord, topicPartitionKey, type OffsetMap, type SinkTask, type TopicPartition } from '@libs/connect-spi';
import type { ConsumedRecord } from '../errors';
import { groupCall, groupErrorKind, isGroupError, isRejoinable } from './group-errors';
import { errantRecordReporter, rawHeaders } from './task-errors';
import { WorkerTask, type TaskSetup } from './worker-task';
import { createSinkRecordWriter } from './sink-record-writer';
import { topicEnsurer } from './topic-ensurer';
import { messageBytes } from './connector-telemetry';

export class WorkerSinkTask extends WorkerTask<SinkTask> {
  private consumer: Consumer | null = null;

  /** Leave the group now, so the new owner gets the partitions. */
  protected override onAbort(): void {
    void this.consumer?.disconnect().catch(() => undefined);
  }

  protected async execute({ task, kafka, config, props }: TaskSetup<SinkTask>): Promise<void> {
    const { eh, stage } = await this.conversion('sink', kafka, config);
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
      // read_committed (kafkajs's default, said here on purpose): records of aborted or still open
      // transactions (exactly-once sources, KIP-618) never reach put()
      readUncommitted: false,
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
    /** Resolves when the batch being put is done (a pause waits for it before reporting PAUSED). */
    let batchInFlight: Promise<void> | null = null;
    let idleCommit: Promise<void> | null = null;
    // the task's open()/close() calls, in order (GROUP_JOIN is an event; revocations run in eachBatch)
    let partitionCalls: Promise<void> = Promise.resolve();
    const onPartitions = (fn: () => void | Promise<void>): Promise<void> =>
      (partitionCalls = partitionCalls.then(fn).catch(fail));
    const recordWriter = createSinkRecordWriter({
      ensureTopic: topicEnsurer(kafka, 3),
      producer: () => this.deps.pool.producer(this.claim.connector.clusterId, this.credential),
      beforeSend: () => this.ensureCurrent('sink task record write'),
    });
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
      connectorId: this.connectorId,
      recordWriter: () => recordWriter,
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
      if (offsets.length > 0) {
        const listed = offsets.map((o) => `${o.topic}-${o.partition}=${o.offset}`).join(', ');
        this.log('debug', `Committing offsets for ${offsets.length} topic partitions: {${listed}}`);
        await groupCall(() => consumer.commitOffsets(offsets)).catch((e: unknown) => {
          commitError = e;
          throw e;
        });
      }
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
    /**
     * Fetching pauses by whole topic: kafkajs keeps a topic paused through rebalances, and a
     * consumer restarted after a crash is paused again when it joins (GROUP_JOIN).
     */
    const pausedTopics = new Set<string>();
    const pauseFetching = (tps: TopicPartition[]) => {
      for (const t of [...topics, ...tps.map((tp) => tp.topic)]) pausedTopics.add(t);
      try {
        consumer.pause([...pausedTopics].map((topic) => ({ topic })));
      } catch {
        // no consumer group right now (restarting after a crash): GROUP_JOIN pauses the new one
      }
    };
    const resumeFetching = () => {
      const resumed = [...pausedTopics].map((topic) => ({ topic }));
      pausedTopics.clear();
      try {
        consumer.resume(resumed);
      } catch {
        // restarting: the new consumer group starts unpaused
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
        // one line per join (a rebalance or a new member), as Kafka Connect logs its assignments
        this.log('info', 'partitions assigned', { member: memberId, partitions: next.map(topicPartitionKey) });
        crashDelay = 250; // a member again: the next crash restarts quickly
        if (this.paused) pauseFetching(next); // a paused task joins (or rejoins) paused
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
          // paused: not resolved, so the batch is fetched again after the resume
          if (this.stopping || this.paused || !isRunning() || isStale() || failure) return;
          const t0 = performance.now();
          // a group error seen by the heartbeat that keeps the membership during a long put()
          let groupError: unknown = null;
          inBatch = true;
          let batchDone: () => void = () => undefined;
          batchInFlight = new Promise((r) => (batchDone = r));
          try {
            this.noteTopics([batch.topic]);
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
              const out = await stage.convertSink(consumed, m.headers);
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
            if (this.deps.telemetry) {
              let bytes = 0;
              for (const m of batch.messages) bytes += messageBytes(m.key, m.value);
              this.deps.telemetry.received(this.connectorId, batch.messages.length, bytes);
            }
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
              this.deps.telemetry?.lag(this.connectorId, Math.max(...lagByPartition.values()));
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
            batchInFlight = null;
            batchDone();
          }
        },
      };
      await consumer.run(runConfig);
      /** What the task last reported: RUNNING, PAUSED (in place, KIP-875), or nothing yet. */
      let reported: 'RUNNING' | 'PAUSED' | null = null;
      while (!this.stopping && !failure) {
        if (this.paused && reported !== 'PAUSED') {
          // paused as WorkerSinkTask pauses: the consumer stops fetching but stays in its group
          // (kafkajs keeps heartbeating), the batch in flight is put and committed
          pauseFetching(assignment);
          await batchInFlight;
          await idleCommit;
          await commit().catch((e: Error) => this.log('warn', 'offset commit failed', { error: e.message }));
          if (this.stopping || failure) break;
          if (!(await this.report('PAUSED'))) return;
          reported = 'PAUSED';
          this.log('info', 'task paused');
        } else if (!this.paused && reported !== 'RUNNING') {
          if (reported === 'PAUSED') resumeFetching();
          if (!(await this.reportRunning())) return;
          this.log('info', reported === null ? 'task running' : 'task resumed', { worker: this.deps.workerId });
          reported = 'RUNNING';
        } else {
          await this.interruptible(failedSignal);
        }
      }
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
      stage.close();
    }
  }
}
