// KIP-158: topics a source connector wants created when missing, from `topic.creation.default.*`.
import type { Props } from '../connector/connector';

/** A topic a source connector wants created when missing (KIP-158 `topic.creation.*`). */
export interface TopicCreationSpec {
  topic: string;
  /** -1 = the broker's default. */
  partitions: number;
  /** -1 = the broker's default. */
  replicationFactor: number;
  /** Other `topic.creation.default.<config>` entries as topic configs, e.g. max.message.bytes. */
  configs: Record<string, string>;
}

/** Cloud's defaults: 1 partition; replication from the broker (Cloud's template forces 3). */
export function topicCreationFor(topic: string, props: Props): TopicCreationSpec {
  const prefix = 'topic.creation.default.';
  const num = (k: string, d: number): number => {
    const v = props[prefix + k];
    const n = v === undefined || v === '' ? d : Number(v);
    return Number.isInteger(n) ? n : d;
  };
  const configs: Record<string, string> = {};
  for (const [k, v] of Object.entries(props))
    if (k.startsWith(prefix) && k !== prefix + 'partitions' && k !== prefix + 'replication.factor')
      configs[k.slice(prefix.length)] = String(v);
  return { topic, partitions: num('partitions', 1), replicationFactor: num('replication.factor', -1), configs };
}
