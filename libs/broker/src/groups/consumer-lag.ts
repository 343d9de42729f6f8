// Consumer lag per (tenant, group, topic) for the control plane's Metrics API: the sum, over the
// partitions where the group has committed an offset, of the high watermark minus that offset.
// Computed on demand (about once a minute) from the offset store and the logs; nothing is kept.
import type { Tenant } from '../tenants';

export interface ConsumerLag {
  tenant: string;
  group: string;
  topic: string;
  /** Offsets behind the end of the topic's partitions, summed. */
  lag: number;
}

export function consumerLagOf(tenant: Tenant): ConsumerLag[] {
  const out: ConsumerLag[] = [];
  const offsets = tenant.groups.offsets;
  for (const group of offsets.groupIds()) {
    const byTopic = new Map<string, number>();
    for (const c of offsets.all(group)) {
      // -1 means "no offset" in OffsetCommit; partitions of deleted topics have no log
      const log = c.offset >= 0 ? tenant.topics.get(c.topic)?.partitions[c.partition] : undefined;
      if (!log) continue;
      // single replica: the high watermark is the log end offset
      const lag = Math.max(0, log.logEndOffset - c.offset);
      byTopic.set(c.topic, (byTopic.get(c.topic) ?? 0) + lag);
    }
    for (const [topic, lag] of byTopic) out.push({ tenant: tenant.id, group, topic, lag });
  }
  return out;
}
