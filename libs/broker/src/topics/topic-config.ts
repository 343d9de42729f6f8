// Topic-level configs this broker knows, their defaults and validation.
export interface ConfigDef {
  def: string;
  validate?: (v: string) => string | null; // error message or null
  readOnly?: boolean;
}

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (v: string): string | null =>
    /^-?\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? null : `must be an integer in [${min}, ${max}]`;

export const TOPIC_CONFIGS: Record<string, ConfigDef> = {
  'cleanup.policy': {
    def: 'delete',
    validate: (v) =>
      v === 'delete'
        ? null
        : 'only cleanup.policy=delete is supported by this broker (log compaction is not implemented yet)',
  },
  'retention.ms': { def: '604800000', validate: int(-1) },
  'retention.bytes': { def: '-1', validate: int(-1) },
  'max.message.bytes': { def: '1048588', validate: int(0) },
  // Index entries hold 32-bit file positions, as in Kafka (whose maximum is also Int.MaxValue).
  'segment.bytes': { def: '1073741824', validate: int(14, 2147483647) },
  'segment.ms': { def: '604800000', validate: int(1) },
  'compression.type': {
    def: 'producer',
    validate: (v) =>
      v === 'producer'
        ? null
        : 'only compression.type=producer is supported (batches are stored as the producer sent them)',
  },
  'message.timestamp.type': {
    def: 'CreateTime',
    validate: (v) => (v === 'CreateTime' ? null : 'only message.timestamp.type=CreateTime is supported'),
  },
  // Replication-related settings are accepted for compatibility; with one broker they have no effect.
  'min.insync.replicas': { def: '1', validate: int(1) },
  'unclean.leader.election.enable': { def: 'false' },
  'delete.retention.ms': { def: '86400000', validate: int(0) },
  'file.delete.delay.ms': { def: '60000', validate: int(0) },
  'flush.messages': { def: '9223372036854775807' },
  'flush.ms': { def: '9223372036854775807' },
  'index.interval.bytes': { def: '4096', validate: int(0) },
  'max.compaction.lag.ms': { def: '9223372036854775807' },
  'min.compaction.lag.ms': { def: '0' },
  'min.cleanable.dirty.ratio': { def: '0.5' },
  'message.downconversion.enable': { def: 'true' },
  preallocate: { def: 'false' },
  'segment.index.bytes': { def: '10485760' },
  'segment.jitter.ms': { def: '0' },
};

export function validateTopicConfig(name: string, value: string | null): string | null {
  const def = TOPIC_CONFIGS[name];
  if (!def) return `Unknown topic config name: ${name}`;
  if (value === null) return null;
  return def.validate ? def.validate(value) : null;
}

export function effectiveConfig(overrides: Record<string, string>, name: string): string {
  return overrides[name] ?? TOPIC_CONFIGS[name].def;
}

export const BROKER_CONFIGS: Record<string, string> = {
  'auto.create.topics.enable': 'true',
  'num.partitions': '1',
  'default.replication.factor': '1',
  'log.retention.ms': '604800000',
  'log.segment.bytes': '1073741824',
  'message.max.bytes': '1048588',
  'offsets.topic.replication.factor': '1',
  'group.initial.rebalance.delay.ms': '0',
};
