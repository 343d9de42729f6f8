// Topics of one tenant (one logical cluster): metadata in topic.json, one PartitionLog per partition.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '@libs/kafka-protocol';
import { FdCache } from '../log/fd-cache';
import { LogSettings, PartitionLog } from '../log/partition-log';
import { effectiveConfig, validateTopicConfig } from './topic-config';
import { removeInBackground } from '../trash';

export interface Topic {
  name: string;
  id: Buffer;
  dir: string;
  configs: Record<string, string>;
  requestedReplicationFactor: number;
  partitions: PartitionLog[];
}

interface TopicFile {
  name: string;
  id: string;
  partitions: number;
  configs: Record<string, string>;
  requestedReplicationFactor: number;
}

export class TopicError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_TOPIC_NAME = 249;
const LEGAL_CHARS = /^[a-zA-Z0-9._-]*$/;

/** Why Kafka refuses a topic name (its Topic.validate wording), or null when the name is legal. */
export function topicNameProblem(name: string): string | null {
  const reason =
    name === ''
      ? 'the empty string is not allowed'
      : name === '.' || name === '..'
        ? `'${name}' is not allowed`
        : name.length > MAX_TOPIC_NAME
          ? `the length of '${name}' is longer than the max allowed length ${MAX_TOPIC_NAME}`
          : !LEGAL_CHARS.test(name)
            ? `'${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`
            : null;
  return reason === null ? null : `Topic name is invalid: ${reason}`;
}

export function validTopicName(name: string): boolean {
  return topicNameProblem(name) === null;
}

// The names Kafka keeps for its own topics (Topic.INTERNAL_TOPICS and the KRaft metadata log). They
// belong to the broker, never to a tenant: neither CreateTopics nor Metadata auto-creation makes one.
const INTERNAL_TOPICS = new Set([
  '__consumer_offsets',
  '__transaction_state',
  '__share_group_state',
  '__cluster_metadata',
]);

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}

// Kafka refuses a topic whose name differs from an existing one only by '.' versus '_' (they would
// share metric names).
const collisionKey = (name: string): string => name.replace(/\./g, '_');

export interface LogDefaults {
  segmentBytes: number;
  indexIntervalBytes: number;
  fsyncEveryWrite: boolean;
}

export class TenantTopics {
  private topics = new Map<string, Topic>();
  /** By topic id in hex (ids arrive as 16-byte buffers), internal topics included. */
  private byId = new Map<string, Topic>();
  /** Broker-written internal topics (__consumer_offsets): readable, never listed or written by clients. */
  private internal = new Map<string, Topic>();
  /** Names holding '.' or '_', by their collision key (see collisionKey). */
  private byCollisionKey = new Map<string, string>();
  private readonly topicsDir: string;

  constructor(
    readonly tenant: string,
    readonly dir: string,
    private readonly trashDir: string,
    private readonly fds: FdCache,
    private readonly defaults: LogDefaults,
  ) {
    this.topicsDir = join(dir, 'topics');
    mkdirSync(this.topicsDir, { recursive: true });
  }

  load(): void {
    for (const name of readdirSync(this.topicsDir)) {
      const file = join(this.topicsDir, name, 'topic.json');
      if (!existsSync(file)) continue;
      const meta = JSON.parse(readFileSync(file, 'utf8')) as TopicFile;
      const topic: Topic = {
        name: meta.name,
        id: Buffer.from(meta.id.replace(/-/g, ''), 'hex'),
        dir: join(this.topicsDir, name),
        configs: meta.configs,
        requestedReplicationFactor: meta.requestedReplicationFactor,
        partitions: [],
      };
      for (let p = 0; p < meta.partitions; p++)
        topic.partitions.push(PartitionLog.open(join(topic.dir, String(p)), this.fds, this.settingsFor(topic)));
      this.add(topic);
    }
  }

  private add(topic: Topic): void {
    this.topics.set(topic.name, topic);
    this.byId.set(topic.id.toString('hex'), topic);
    if (/[._]/.test(topic.name)) this.byCollisionKey.set(collisionKey(topic.name), topic.name);
  }

  settingsFor(topic: Topic): LogSettings {
    const seg = topic.configs['segment.bytes'];
    return {
      segmentBytes: seg !== undefined ? Number(seg) : this.defaults.segmentBytes,
      indexIntervalBytes: this.defaults.indexIntervalBytes,
      fsyncEveryWrite: this.defaults.fsyncEveryWrite,
    };
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  /** A topic a client may read (Metadata by name, Fetch, ListOffsets): user topics and internal ones. */
  readable(name: string): Topic | undefined {
    return this.topics.get(name) ?? this.internal.get(name);
  }

  /**
   * Opens (or creates) a one-partition internal topic under <tenant>/internal/<name>. Its id is
   * derived from the tenant and the name so it is stable across restarts without a file.
   */
  openInternal(name: string, configs: Record<string, string>): Topic {
    const existing = this.internal.get(name);
    if (existing) return existing;
    const dir = join(this.dir, 'internal', name);
    const topic: Topic = {
      name,
      id: createHash('sha256').update(`${this.tenant}\u0000${name}`).digest().subarray(0, 16),
      dir,
      configs,
      requestedReplicationFactor: 1,
      partitions: [],
    };
    topic.partitions.push(PartitionLog.open(join(dir, '0'), this.fds, this.settingsFor(topic)));
    this.internal.set(name, topic);
    this.byId.set(topic.id.toString('hex'), topic);
    return topic;
  }

  internalTopics(): Topic[] {
    return [...this.internal.values()];
  }

  /** The topic with this id (Fetch v13+, Metadata v12, DeleteTopics v6 name topics by id). */
  getById(id: Buffer): Topic | undefined {
    return this.byId.get(id.toString('hex'));
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  config(topic: Topic, name: string): string {
    return effectiveConfig(topic.configs, name);
  }

  private persist(topic: Topic): void {
    const meta: TopicFile = {
      name: topic.name,
      id: topic.id.toString('hex'),
      partitions: topic.partitions.length,
      configs: topic.configs,
      requestedReplicationFactor: topic.requestedReplicationFactor,
    };
    const tmp = join(topic.dir, `topic.json.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(meta));
    renameSync(tmp, join(topic.dir, 'topic.json'));
  }

  static checkConfigs(configs: Record<string, string | null>): void {
    for (const [k, v] of Object.entries(configs)) {
      const err = validateTopicConfig(k, v);
      if (err) throw new TopicError(ErrorCode.INVALID_CONFIG, err);
    }
  }

  // Validates without creating (CreateTopics validate_only, and the real create).
  validateCreate(name: string, partitions: number, replicationFactor: number, configs: Record<string, string>): void {
    const problem = topicNameProblem(name);
    if (problem) throw new TopicError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
    // Kafka answers so for __cluster_metadata (ControllerApis.createTopics); the other internal names
    // belong to the broker's own coordinators, so a tenant gets the same answer for them.
    if (isInternalTopic(name))
      throw new TopicError(ErrorCode.INVALID_REQUEST, `Creation of internal topic ${name} is prohibited.`);
    if (this.topics.has(name)) throw new TopicError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
    const colliding = /[._]/.test(name) ? this.byCollisionKey.get(collisionKey(name)) : undefined;
    if (colliding !== undefined)
      throw new TopicError(
        ErrorCode.INVALID_TOPIC_EXCEPTION,
        `Topic '${name}' collides with existing topic: ${colliding}`,
      );
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > 10000)
      throw new TopicError(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be between 1 and 10000.');
    // Scripts written for Confluent Cloud send 3; one broker stores a single copy and says so.
    if (![-1, 1, 3].includes(replicationFactor))
      throw new TopicError(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        'Replication factor must be -1, 1 or 3 (stored as 1 on this single-node broker).',
      );
    TenantTopics.checkConfigs(configs);
  }

  create(name: string, partitions: number, replicationFactor: number, configs: Record<string, string>): Topic {
    this.validateCreate(name, partitions, replicationFactor, configs);
    const dir = join(this.topicsDir, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const topic: Topic = {
      name,
      id: Buffer.from(randomUUID().replace(/-/g, ''), 'hex'),
      dir,
      configs: { ...configs },
      requestedReplicationFactor: replicationFactor,
      partitions: [],
    };
    for (let p = 0; p < partitions; p++)
      topic.partitions.push(PartitionLog.create(join(dir, String(p)), this.fds, this.settingsFor(topic)));
    this.persist(topic);
    this.add(topic);
    return topic;
  }

  delete(name: string): void {
    const topic = this.topics.get(name);
    if (!topic)
      throw new TopicError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'This server does not host this topic-partition.');
    this.topics.delete(name);
    this.byId.delete(topic.id.toString('hex'));
    const key = collisionKey(name);
    if (this.byCollisionKey.get(key) === name) {
      this.byCollisionKey.delete(key);
      // topics stored before the rule may still collide with each other: keep the survivor's key
      for (const other of this.topics.keys()) if (collisionKey(other) === key) this.byCollisionKey.set(key, other);
    }
    for (const p of topic.partitions) p.close();
    this.fds.closeUnder(topic.dir + '/');
    // Rename first so a crash mid-delete never leaves a half-deleted topic visible.
    mkdirSync(this.trashDir, { recursive: true });
    const trash = join(this.trashDir, `${randomBytes(8).toString('hex')}`);
    renameSync(topic.dir, trash);
    removeInBackground(trash);
  }

  addPartitions(name: string, total: number, validateOnly: boolean): void {
    const topic = this.topics.get(name);
    if (!topic)
      throw new TopicError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'This server does not host this topic-partition.');
    if (!Number.isInteger(total) || total <= topic.partitions.length || total > 10000) {
      throw new TopicError(
        ErrorCode.INVALID_PARTITIONS,
        `Topic currently has ${topic.partitions.length} partitions, which is higher than or equal to the requested ${total}.`,
      );
    }
    if (validateOnly) return;
    for (let p = topic.partitions.length; p < total; p++)
      topic.partitions.push(PartitionLog.create(join(topic.dir, String(p)), this.fds, this.settingsFor(topic)));
    this.persist(topic);
  }

  // Replaces the whole override set (AlterConfigs) or applies changes (Incremental); null deletes.
  setConfigs(name: string, changes: Record<string, string | null>, replace: boolean, validateOnly: boolean): void {
    const topic = this.topics.get(name);
    if (!topic)
      throw new TopicError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'This server does not host this topic-partition.');
    TenantTopics.checkConfigs(changes);
    if (validateOnly) return;
    const next: Record<string, string> = replace ? {} : { ...topic.configs };
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    topic.configs = next;
    this.persist(topic);
    for (const p of topic.partitions) p.updateSettings(this.settingsFor(topic));
  }

  closeAll(): void {
    for (const t of [...this.topics.values(), ...this.internal.values()]) for (const p of t.partitions) p.close();
  }
}
