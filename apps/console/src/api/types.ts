// The shapes the console reads from the public APIs (the subset it uses).
export interface Environment {
  id: string;
  display_name: string;
  metadata?: { created_at?: string };
}

export interface Cluster {
  id: string;
  spec: {
    display_name: string;
    cloud?: string;
    region?: string;
    availability?: string;
    http_endpoint?: string;
    kafka_bootstrap_endpoint?: string;
    config?: { kind?: string };
  };
  status?: { phase?: string };
}

export interface Topic {
  topic_name: string;
  partitions_count: number;
  replication_factor: number;
  is_internal?: boolean;
}

export interface TopicConfig {
  name: string;
  value: string | null;
  is_default?: boolean;
  is_read_only?: boolean;
  source?: string;
}

export interface RawRecord {
  partition_id: number;
  offset: number;
  timestamp: string;
  key: string | null;
  value: string | null;
  headers: Array<{ name: string; value: string | null }>;
}

export interface RecordList {
  partitions: Array<{ partition_id: number; log_start_offset: number; high_watermark: number; next_offset: number }>;
  data: RawRecord[];
}

export interface Plugin {
  class: string;
  type: 'source' | 'sink';
  version?: string;
}

export interface ConfigDefinition {
  name: string;
  type: string;
  required?: boolean;
  default_value?: string | null;
  importance?: string;
  documentation?: string;
  group?: string | null;
  width?: string;
  display_name?: string;
  dependents?: string[];
  order?: number;
  alias?: string;
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values?: string[];
  errors?: string[];
  visible?: boolean;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: Array<{ definition: ConfigDefinition; value: ConfigValueInfo }>;
}

export interface TaskState {
  id: number;
  state: string;
  worker_id: string;
  msg?: string;
  trace?: string;
}

export interface ConnectorStatus {
  name: string;
  connector: { state: string; worker_id: string; trace?: string; msg?: string };
  tasks: TaskState[];
  type: string;
  /** with `?expand=id` (Confluent's connector id, e.g. lcc-…) */
  id?: { id: string; id_type?: string };
}

export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: Array<{ connector: string; task: number }>;
  type: string;
}

export interface ExpandedConnector {
  id?: { id: string; id_type?: string };
  info?: ConnectorInfo;
  status?: ConnectorStatus;
}

export interface PreviewRecord {
  before: unknown;
  after: { topic: string; partition: number | null; key: unknown; value: unknown; headers: unknown } | null;
  dropped: boolean;
  error: { stage: string; class?: string; exception?: string; message: string } | null;
}

export interface ApiKey {
  id: string;
  spec: {
    display_name?: string;
    description?: string;
    secret?: string;
    owner: { id: string; kind?: string };
    resource: { id: string; kind?: string };
  };
  metadata?: { created_at?: string };
}

export interface ServiceAccount {
  id: string;
  display_name: string;
  description?: string;
  metadata?: { created_at?: string };
}

export interface SchemaVersion {
  subject: string;
  version: number;
  id: number;
  schema: string;
  schemaType?: string;
}

export interface Page<T> {
  data: T[];
}
