// All tenants (logical clusters) hosted by this broker, each with its own topics, groups and offsets.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FdCache } from './log/fd-cache';
import { PartitionLog } from './log/partition-log';
import { GroupCoordinator, CoordinatorSettings } from './groups/coordinator';
import { OffsetStore } from './groups/offset-store';
import { CONSUMER_OFFSETS_CONFIGS, CONSUMER_OFFSETS_TOPIC, OffsetsTopic } from './groups/offsets-topic';
import { buildMarkerBatch } from '@libs/kafka-protocol';
import { ProducerStates } from './producer-state';
import { ProducerStateStore } from './producer-state-store';
import { TransactionCoordinator, TxnParticipants } from './transactions/coordinator';
import { TxnJournal } from './transactions/txn-journal';
import { LogDefaults, TenantTopics } from './topics/tenant-topics';
import { removeInBackground } from './trash';

export interface Tenant {
  id: string;
  topics: TenantTopics;
  groups: GroupCoordinator;
  transactions: TransactionCoordinator;
}

const TENANT_ID = /^[A-Za-z0-9._-]{1,128}$/;

export function validTenantId(id: string): boolean {
  return TENANT_ID.test(id) && id !== '.' && id !== '..';
}

export class Tenants {
  private tenants = new Map<string, Tenant>();
  readonly producerStates: ProducerStateStore;
  // Producer ids only need to be unique; time-seeded so they stay unique across restarts.
  private nextProducerId = Date.now() * 100;
  private ticks = 0;
  private readonly root: string;
  private readonly trash: string;

  constructor(
    dataDir: string,
    readonly fds: FdCache,
    private readonly logDefaults: LogDefaults,
    private readonly groupSettings: CoordinatorSettings,
  ) {
    this.root = join(dataDir, 'tenants');
    this.trash = join(dataDir, 'trash');
    mkdirSync(this.root, { recursive: true });
    // Leftovers of deletes interrupted by a crash.
    if (existsSync(this.trash)) rmSync(this.trash, { recursive: true, force: true });
    this.producerStates = new ProducerStateStore(logDefaults.fsyncEveryWrite);
  }

  allocateProducerId(): number {
    return this.nextProducerId++;
  }

  loadAll(): void {
    for (const id of readdirSync(this.root)) if (validTenantId(id)) this.get(id);
  }

  get(id: string): Tenant {
    let t = this.tenants.get(id);
    if (t) return t;
    if (!validTenantId(id)) throw new Error(`invalid tenant id ${JSON.stringify(id)}`);
    const dir = join(this.root, id);
    mkdirSync(join(dir, 'groups'), { recursive: true });
    mkdirSync(join(dir, 'transactions'), { recursive: true });
    const topics = new TenantTopics(id, dir, this.trash, this.fds, this.logDefaults);
    topics.load();
    const offsets = new OffsetStore(join(dir, 'groups', 'offsets.jsonl'), this.logDefaults.fsyncEveryWrite);
    const offsetsTopic = new OffsetsTopic(topics.openInternal(CONSUMER_OFFSETS_TOPIC, CONSUMER_OFFSETS_CONFIGS));
    offsets.observer = offsetsTopic;
    const groups = new GroupCoordinator(offsets, this.groupSettings);
    groups.observer = offsetsTopic;
    const transactions = new TransactionCoordinator(
      new TxnJournal(join(dir, 'transactions', 'state.jsonl'), this.logDefaults.fsyncEveryWrite),
      this.participants(topics, groups),
      () => this.allocateProducerId(),
    );
    t = { id, topics, groups, transactions };
    this.tenants.set(id, t);
    transactions.recover();
    return t;
  }

  // What a cluster's transaction coordinator writes to: its partitions (markers) and its groups.
  private participants(topics: TenantTopics, groups: GroupCoordinator): TxnParticipants {
    return {
      partitionExists: (topic, partition) => topics.get(topic)?.partitions[partition] !== undefined,
      writeMarker: (topic, partition, producerId, epoch, commit) => {
        const log = topics.get(topic)?.partitions[partition];
        if (!log) return; // deleted meanwhile
        const states = this.producerStates.of(log);
        if (!states.hasOpenTxn(producerId)) return; // nothing written there, or ended before a crash
        const offset = log.append(buildMarkerBatch(commit, producerId, epoch), 0);
        const aborted = states.endTxn(producerId, epoch, offset, commit);
        if (aborted) this.producerStates.appendAborted(log, aborted);
      },
      commitOffsets: (group, entries) => groups.offsets.commit(group, entries),
    };
  }

  all(): Tenant[] {
    return [...this.tenants.values()];
  }

  producerStatesOf(log: PartitionLog): ProducerStates {
    return this.producerStates.of(log);
  }

  // Aborts timed-out transactions and snapshots changed producer states (every second).
  transactionTick(now = Date.now()): void {
    for (const t of this.tenants.values()) t.transactions.abortExpired(now);
    this.producerStates.snapshotDirty();
    if (++this.ticks % 60 === 0) this.producerStates.forgetDeleted();
  }

  delete(id: string): void {
    const t = this.tenants.get(id);
    if (t) {
      t.groups.close();
      t.transactions.close();
      t.topics.closeAll();
      this.tenants.delete(id);
    }
    const dir = join(this.root, id);
    if (!validTenantId(id) || !existsSync(dir)) return;
    this.producerStates.forgetUnder(dir + '/');
    this.fds.closeUnder(dir + '/');
    mkdirSync(this.trash, { recursive: true });
    const target = join(this.trash, randomBytes(8).toString('hex'));
    renameSync(dir, target);
    removeInBackground(target);
  }

  async flushAllAsync(): Promise<void> {
    await this.fds.flushAllAsync();
    for (const t of [...this.tenants.values()]) {
      await t.groups.offsets.flushAsync();
      await t.transactions.flushAsync();
    }
  }

  flushAll(): void {
    this.fds.flushAll();
    for (const t of this.tenants.values()) {
      t.groups.offsets.flush();
      t.transactions.flush();
    }
  }

  closeAll(): void {
    this.producerStates.snapshotDirty(true);
    for (const t of this.tenants.values()) {
      t.groups.close();
      t.transactions.close();
      t.topics.closeAll();
    }
    this.fds.closeAll();
    this.tenants.clear();
  }
}
