// The metrics the Metrics API serves, as Confluent Cloud's descriptors name them
// (METRICS-AND-LOGS.md §A.7–A.8). Counters hold per-minute deltas (summed over time); gauges are
// averaged over time unless the query says otherwise.
export type MetricType = 'COUNTER_INT64' | 'GAUGE_INT64';
export type ResourceType = 'connector' | 'kafka';

export interface MetricDescriptor {
  name: string;
  description: string;
  type: MetricType;
  unit: string;
  lifecycle_stage: 'GENERAL_AVAILABILITY' | 'PREVIEW';
  exportable: boolean;
  resources: ResourceType[];
  labels: { key: string; description: string; exportable: boolean }[];
}

export interface ResourceDescriptor {
  type: ResourceType;
  description: string;
  labels: { key: string; description: string; exportable: boolean }[];
}

const CONNECT = 'io.confluent.kafka.connect';
const SERVER = 'io.confluent.kafka.server';
const label = (key: string, description: string) => ({ key, description, exportable: true });
const TOPIC = label('topic', 'Name of the Kafka topic.');

function metric(
  name: string,
  type: MetricType,
  unit: string,
  description: string,
  resource: ResourceType,
  labels: MetricDescriptor['labels'] = [],
): MetricDescriptor {
  return {
    name,
    description,
    type,
    unit,
    lifecycle_stage: 'GENERAL_AVAILABILITY',
    exportable: true,
    resources: [resource],
    labels,
  };
}

export const METRICS: readonly MetricDescriptor[] = [
  metric(
    `${CONNECT}/sent_records`,
    'COUNTER_INT64',
    '1',
    'Records a source connector wrote to Kafka (after transforms).',
    'connector',
  ),
  metric(`${CONNECT}/received_records`, 'COUNTER_INT64', '1', 'Records a sink connector read from Kafka.', 'connector'),
  metric(
    `${CONNECT}/sent_bytes`,
    'COUNTER_INT64',
    'By',
    'Key and value bytes a source connector wrote to Kafka.',
    'connector',
  ),
  metric(
    `${CONNECT}/received_bytes`,
    'COUNTER_INT64',
    'By',
    'Key and value bytes a sink connector read from Kafka.',
    'connector',
  ),
  metric(
    `${CONNECT}/dead_letter_queue_records`,
    'COUNTER_INT64',
    '1',
    "Records written to the connector's dead letter queue topic.",
    'connector',
  ),
  metric(
    `${CONNECT}/connector_status`,
    'GAUGE_INT64',
    '1',
    "The connector's state (1 for the current status).",
    'connector',
    [label('status', 'PROVISIONING, RUNNING, DEGRADED, PAUSED or FAILED.')],
  ),
  metric(
    `${CONNECT}/records_lag_max`,
    'GAUGE_INT64',
    '1',
    "Largest lag, in records, of a sink connector's tasks behind the end of their partitions.",
    'connector',
  ),
  metric(`${SERVER}/received_bytes`, 'COUNTER_INT64', 'By', 'Bytes produced to the cluster.', 'kafka', [TOPIC]),
  metric(`${SERVER}/sent_bytes`, 'COUNTER_INT64', 'By', 'Bytes consumed from the cluster.', 'kafka', [TOPIC]),
  metric(`${SERVER}/received_records`, 'COUNTER_INT64', '1', 'Records produced to the cluster.', 'kafka', [TOPIC]),
  metric(`${SERVER}/sent_records`, 'COUNTER_INT64', '1', 'Records consumed from the cluster.', 'kafka', [TOPIC]),
  metric(
    `${SERVER}/consumer_lag_offsets`,
    'GAUGE_INT64',
    '1',
    "A consumer group's lag in offsets behind the end of a topic's partitions (summed over partitions).",
    'kafka',
    [label('consumer_group_id', 'The consumer group.'), TOPIC],
  ),
];

export const RESOURCES: readonly ResourceDescriptor[] = [
  { type: 'connector', description: 'A connector.', labels: [label('connector.id', 'ID of the connector (lcc-…).')] },
  { type: 'kafka', description: 'A Kafka cluster.', labels: [label('kafka.id', 'ID of the Kafka cluster (lkc-…).')] },
];

const BY_NAME = new Map(METRICS.map((m) => [m.name, m]));

export function metricDescriptor(name: string): MetricDescriptor | undefined {
  return BY_NAME.get(name);
}

/** Names the runtime and the broker record under. */
export const CONNECT_METRICS = {
  sentRecords: `${CONNECT}/sent_records`,
  receivedRecords: `${CONNECT}/received_records`,
  sentBytes: `${CONNECT}/sent_bytes`,
  receivedBytes: `${CONNECT}/received_bytes`,
  deadLetterQueueRecords: `${CONNECT}/dead_letter_queue_records`,
  connectorStatus: `${CONNECT}/connector_status`,
  recordsLagMax: `${CONNECT}/records_lag_max`,
} as const;

export const KAFKA_METRICS = {
  receivedBytes: `${SERVER}/received_bytes`,
  sentBytes: `${SERVER}/sent_bytes`,
  receivedRecords: `${SERVER}/received_records`,
  sentRecords: `${SERVER}/sent_records`,
  consumerLagOffsets: `${SERVER}/consumer_lag_offsets`,
} as const;
