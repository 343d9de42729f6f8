// Creates the topics the runtime writes to on a connector's behalf (its DLQ, a sink's reporting
// topics) when they are missing: once per topic, again after a failure, tolerating a creation that
// raced ours. The replication factor is capped by the cluster's broker count.
import type { Kafka } from 'kafkajs';

export type TopicEnsurer = (topic: string) => Promise<void>;

export function topicEnsurer(kafka: Kafka, replicationFactor: number): TopicEnsurer {
  const ensured = new Map<string, Promise<void>>();
  const create = async (topic: string) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      if (existing.includes(topic)) return;
      const brokers = (await admin.describeCluster()).brokers.length;
      await admin
        .createTopics({
          topics: [{ topic, numPartitions: 1, replicationFactor: Math.max(1, Math.min(replicationFactor, brokers)) }],
        })
        .catch((e: Error) => {
          if (!/already exists/i.test(e.message)) throw e;
        });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  return (topic) => {
    let p = ensured.get(topic);
    if (!p) {
      p = create(topic).catch((e: unknown) => {
        ensured.delete(topic);
        throw e;
      });
      ensured.set(topic, p);
    }
    return p;
  };
}
