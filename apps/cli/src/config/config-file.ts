// The CLI's state: saved contexts (API URL + cloud API key), each with its current environment,
// active Kafka cluster per environment and stored cluster API keys. One JSON file, mode 0600 in a
// 0700 directory, under $XDG_CONFIG_HOME/connectplane (else ~/.config/connectplane): it holds
// secrets, and XDG_CONFIG_HOME lets tests and users isolate it. Secrets are stored in plain text
// there (as kubeconfig or ~/.aws/credentials keep theirs): the Go CLI's encryption uses a key kept
// on the same machine, which would only hide them from a reader who can already read the file.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface StoredKey {
  api_key: string;
  api_secret: string;
}

export interface KafkaClusterEntry {
  id: string;
  name?: string;
  bootstrap_servers?: string;
  /** The bootstrap endpoint's scheme: SASL_PLAINTEXT on the embedded broker, SASL_SSL on TLS listeners. */
  security_protocol?: string;
  rest_endpoint?: string;
  /** The active key for produce/consume and Kafka REST (`api-key use`). */
  api_key?: string;
  api_keys: Record<string, StoredKey>;
}

export interface EnvironmentState {
  active_kafka?: string;
  kafka_clusters: Record<string, KafkaClusterEntry>;
  /** `connect logs --next`: the last query and where its next page starts. */
  connect_logs_state?: { query: string; page_token?: string };
  /** Schema Registry key used by `--value-format avro` and `schema-registry` commands. */
  schema_registry_key?: StoredKey;
}

export interface Context {
  name: string;
  url: string;
  api_key: string;
  api_secret: string;
  organization_id?: string;
  current_environment?: string;
  environments: Record<string, EnvironmentState>;
}

export interface ConfigData {
  current_context?: string;
  contexts: Record<string, Context>;
}

export function configPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'connectplane', 'config.json');
}

export class ConfigFile {
  constructor(
    readonly path: string,
    readonly data: ConfigData,
  ) {}

  static load(path: string): ConfigFile {
    if (!existsSync(path)) return new ConfigFile(path, { contexts: {} });
    const data = JSON.parse(readFileSync(path, 'utf8')) as ConfigData;
    return new ConfigFile(path, { ...data, contexts: data.contexts ?? {} });
  }

  /** Written to a 0600 temp file and renamed, so a crash never leaves a half-written or readable file. */
  save(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    chmodSync(dirname(this.path), 0o700); // also when the directory was there before, with a wider mode
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 2) + '\n', { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }
}

export function environmentState(ctx: Context, envId: string): EnvironmentState {
  ctx.environments[envId] ??= { kafka_clusters: {} };
  return ctx.environments[envId];
}

export function clusterEntry(ctx: Context, envId: string, clusterId: string): KafkaClusterEntry {
  const env = environmentState(ctx, envId);
  env.kafka_clusters[clusterId] ??= { id: clusterId, api_keys: {} };
  return env.kafka_clusters[clusterId];
}

/** The environment holding a cluster entry, for commands given only a cluster id. */
export function environmentOfCluster(ctx: Context, clusterId: string): string | undefined {
  return Object.entries(ctx.environments).find(([, e]) => clusterId in e.kafka_clusters)?.[0];
}
