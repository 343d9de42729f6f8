// The consumer group of a deleted sink connector (connect-<id>) goes with it. Best effort and
// never throwing: the cluster may be gone too (its tenant deleted it, or the organization).
import type { Admin } from 'kafkajs';
import type { KafkaClientPool } from './kafka-pool';
import type { RuntimeLog } from './runtime-log';

/**
 * Deletes a deleted sink's consumer group. Never throws: the cluster itself may be gone (its
 * tenant deleted it, or the organization), and then so is the group, or it cannot be reached.
 */
export async function deleteConsumerGroup(
  deps: { pool: KafkaClientPool; log: RuntimeLog },
  clusterId: string,
  groupId: string,
  opts: { connectorId?: string; stopped?: () => boolean } = {},
): Promise<boolean> {
  let acquired = false;
  let admin: Admin | null = null;
  try {
    const kafka = await deps.pool.acquire(clusterId);
    acquired = true;
    admin = kafka.admin();
    await admin.connect();
    for (let attempt = 0; attempt < 30 && !opts.stopped?.(); attempt++) {
      try {
        await admin.deleteGroups([groupId]);
        deps.log('info', 'consumer group deleted', { group: groupId });
        return true;
      } catch (e) {
        const err = e as {
          groups?: { errorCode?: number; error?: { type?: string } }[];
          type?: string;
          message?: string;
        };
        const type = err.groups?.[0]?.error?.type ?? err.type ?? '';
        if (type === 'GROUP_ID_NOT_FOUND') return true;
        await new Promise((r) => setTimeout(r, 1000)); // NON_EMPTY_GROUP while the last member leaves
      }
    }
    return false;
  } catch (e) {
    deps.log('warn', 'consumer group not deleted', {
      connector: opts.connectorId,
      cluster: clusterId,
      group: groupId,
      error: (e as Error).message,
    });
    return false;
  } finally {
    await admin?.disconnect().catch(() => undefined);
    if (acquired) await deps.pool.release(clusterId).catch(() => undefined);
  }
}
