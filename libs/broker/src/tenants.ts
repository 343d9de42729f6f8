// All tenants (logical clusters) hosted by this broker, each with its own topics, groups and offsets.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FdCache } from './log/fd-cache';
import { PartitionLog } from './log/partition-log';
import { GroupCoordinator, CoordinatorSettings } from './groups/coordinator';
import { OffsetStore } from './groups/offset-store';
import { ProducerStates } from './producer-state';
import { LogDefaults, TenantTopics } from './topics/tenant-topics';
import { removeInBackground } from './trash';

export interface Tenant {
  id: string;
  topics: TenantTopics;
  groups: GroupCoordinator;
}

const PRODUCER_STATE_TAIL_BYTES = 1024 * 1024;

const TENANT_ID = /^[A-Za-z0-9._-]{1,128}$/;

export function validTenantId(id: string): boolean {
  return TENANT_ID.test(id) && id !== '.' && id !== '..';
}

export class Tenants {
  private tenants = new Map<string, Tenant>();
  private producerStates = new WeakMap<PartitionLog, ProducerStates>();
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
    const topics = new TenantTopics(id, dir, this.trash, this.fds, this.logDefaults);
    topics.load();
    const offsets = new OffsetStore(join(dir, 'groups', 'offsets.jsonl'), this.logDefaults.fsyncEveryWrite);
    t = { id, topics, groups: new GroupCoordinator(offsets, this.groupSettings) };
    this.tenants.set(id, t);
    return t;
  }

  all(): Tenant[] {
    return [...this.tenants.values()];
  }

  // Created on the first idempotent batch for a partition; seeded from the log's tail so that a
  // batch retried across a broker restart is still recognised as a duplicate.
  producerStatesOf(log: PartitionLog): ProducerStates {
    let s = this.producerStates.get(log);
    if (!s) {
      s = new ProducerStates();
      for (const h of log.tailBatchHeaders(PRODUCER_STATE_TAIL_BYTES)) {
        if (h.producerId >= 0) s.record(h.producerId, h.producerEpoch, h.baseSequence, h.lastOffsetDelta, h.baseOffset);
      }
      this.producerStates.set(log, s);
    }
    return s;
  }

  delete(id: string): void {
    const t = this.tenants.get(id);
    if (t) {
      t.groups.close();
      t.topics.closeAll();
      this.tenants.delete(id);
    }
    const dir = join(this.root, id);
    if (!validTenantId(id) || !existsSync(dir)) return;
    this.fds.closeUnder(dir + '/');
    mkdirSync(this.trash, { recursive: true });
    const target = join(this.trash, randomBytes(8).toString('hex'));
    renameSync(dir, target);
    removeInBackground(target);
  }

  async flushAllAsync(): Promise<void> {
    await this.fds.flushAllAsync();
    for (const t of [...this.tenants.values()]) await t.groups.offsets.flushAsync();
  }

  flushAll(): void {
    this.fds.flushAll();
    for (const t of this.tenants.values()) t.groups.offsets.flush();
  }

  closeAll(): void {
    for (const t of this.tenants.values()) {
      t.groups.close();
      t.topics.closeAll();
    }
    this.fds.closeAll();
    this.tenants.clear();
  }
}
