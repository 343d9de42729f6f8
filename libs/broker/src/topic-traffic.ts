// Per (tenant, topic) produce and fetch traffic since the last drain, for the control plane's
// Metrics API. Updated once per partition (produce) or topic (fetch) with plain number additions
// through two map lookups, no key building; a drain swaps the maps, so topics and tenants that
// went quiet or were deleted leave nothing behind.

export interface TopicTraffic {
  tenant: string;
  topic: string;
  bytesIn: number;
  recordsIn: number;
  bytesOut: number;
  recordsOut: number;
}

export class TopicTrafficCounters {
  private byTenant = new Map<string, Map<string, TopicTraffic>>();

  private entry(tenant: string, topic: string): TopicTraffic {
    let topics = this.byTenant.get(tenant);
    if (!topics) this.byTenant.set(tenant, (topics = new Map()));
    let t = topics.get(topic);
    if (!t) topics.set(topic, (t = { tenant, topic, bytesIn: 0, recordsIn: 0, bytesOut: 0, recordsOut: 0 }));
    return t;
  }

  produced(tenant: string, topic: string, bytes: number, records: number): void {
    const t = this.entry(tenant, topic);
    t.bytesIn += bytes;
    t.recordsIn += records;
  }

  fetched(tenant: string, topic: string, bytes: number, records: number): void {
    const t = this.entry(tenant, topic);
    t.bytesOut += bytes;
    t.recordsOut += records;
  }

  /** The traffic since the previous call; the counters start again from zero. */
  take(): TopicTraffic[] {
    const drained = this.byTenant;
    this.byTenant = new Map();
    const out: TopicTraffic[] = [];
    for (const topics of drained.values()) for (const t of topics.values()) out.push(t);
    return out;
  }

  /** A deleted cluster's undrained traffic is dropped with it. */
  forgetTenant(tenant: string): void {
    this.byTenant.delete(tenant);
  }
}
