// One function per public API call the console makes; the caller passes the credentials to use.
import { call } from './http';
import type { Credentials } from './session';
import type {
  ApiKey,
  Cluster,
  ConfigInfos,
  ConnectorInfo,
  ConnectorStatus,
  Environment,
  ExpandedConnector,
  Page,
  Plugin,
  PreviewRecord,
  RecordList,
  SchemaVersion,
  ServiceAccount,
  Topic,
  TopicConfig,
} from './types';

const enc = encodeURIComponent;

export const cloudApi = (auth: Credentials) => ({
  environments: () => call<Page<Environment>>('GET', '/org/v2/environments?page_size=100', { auth }),
  createEnvironment: (display_name: string) =>
    call<Environment>('POST', '/org/v2/environments', { auth, body: { display_name } }),
  deleteEnvironment: (id: string) => call<void>('DELETE', `/org/v2/environments/${enc(id)}`, { auth }),
  clusters: (env: string) =>
    call<Page<Cluster>>('GET', `/cmk/v2/clusters?environment=${enc(env)}&page_size=100`, { auth }),
  cluster: (env: string, id: string) =>
    call<Cluster>('GET', `/cmk/v2/clusters/${enc(id)}?environment=${enc(env)}`, { auth }),
  createCluster: (env: string, display_name: string) =>
    call<Cluster>('POST', '/cmk/v2/clusters', {
      auth,
      body: {
        spec: {
          display_name,
          availability: 'SINGLE_ZONE',
          cloud: 'GCP',
          region: 'us-west4',
          config: { kind: 'Basic' },
          environment: { id: env },
        },
      },
    }),
  deleteCluster: (env: string, id: string) =>
    call<void>('DELETE', `/cmk/v2/clusters/${enc(id)}?environment=${enc(env)}`, { auth }),
  apiKey: (id: string) => call<ApiKey>('GET', `/iam/v2/api-keys/${enc(id)}`, { auth }),
  apiKeys: () => call<Page<ApiKey>>('GET', '/iam/v2/api-keys?page_size=100', { auth }),
  createApiKey: (owner: string, resource: { id: string; environment?: string }, description: string) =>
    call<ApiKey>('POST', '/iam/v2/api-keys', {
      auth,
      body: { spec: { display_name: description.slice(0, 60), description, owner: { id: owner }, resource } },
    }),
  deleteApiKey: (id: string) => call<void>('DELETE', `/iam/v2/api-keys/${enc(id)}`, { auth }),
  serviceAccounts: () => call<Page<ServiceAccount>>('GET', '/iam/v2/service-accounts?page_size=100', { auth }),
  createServiceAccount: (display_name: string, description: string) =>
    call<ServiceAccount>('POST', '/iam/v2/service-accounts', { auth, body: { display_name, description } }),
  deleteServiceAccount: (id: string) => call<void>('DELETE', `/iam/v2/service-accounts/${enc(id)}`, { auth }),
  schemaRegistries: (env: string) =>
    call<Page<{ id: string; spec: { http_endpoint: string } }>>('GET', `/srcm/v3/clusters?environment=${enc(env)}`, {
      auth,
    }),
  metrics: (body: unknown) =>
    call<{ data: Array<{ timestamp: string; value: number }> }>('POST', '/v2/metrics/cloud/query', { auth, body }),
});

export const connectApi = (auth: Credentials, env: string, lkc: string) => {
  const base = `/connect/v1/environments/${enc(env)}/clusters/${enc(lkc)}`;
  const c = (name: string) => `${base}/connectors/${enc(name)}`;
  return {
    plugins: () => call<Plugin[]>('GET', `${base}/connector-plugins`, { auth }),
    validate: (plugin: string, config: Record<string, string>) =>
      call<ConfigInfos>('PUT', `${base}/connector-plugins/${enc(plugin)}/config/validate`, { auth, body: config }),
    list: () => call<Record<string, ExpandedConnector>>('GET', `${base}/connectors?expand=id,info,status`, { auth }),
    create: (name: string, config: Record<string, string>) =>
      call<ConnectorInfo>('POST', `${base}/connectors`, { auth, body: { name, config } }),
    get: (name: string) => call<ConnectorInfo>('GET', c(name), { auth }),
    config: (name: string) => call<Record<string, string>>('GET', `${c(name)}/config`, { auth }),
    putConfig: (name: string, config: Record<string, string>) =>
      call<ConnectorInfo>('PUT', `${c(name)}/config`, { auth, body: config }),
    status: (name: string) => call<ConnectorStatus>('GET', `${c(name)}/status?expand=id`, { auth }),
    pause: (name: string) => call<void>('PUT', `${c(name)}/pause`, { auth }),
    resume: (name: string) => call<void>('PUT', `${c(name)}/resume`, { auth }),
    restart: (name: string) => call<void>('POST', `${c(name)}/restart?includeTasks=true&onlyFailed=false`, { auth }),
    remove: (name: string) => call<void>('DELETE', c(name), { auth }),
    offsets: (name: string) => call<{ offsets: unknown[] }>('GET', `${c(name)}/offsets`, { auth }),
    preview: (config: Record<string, string>, records: unknown[]) =>
      call<{ records: PreviewRecord[] }>('POST', `${base}/connectors/preview`, { auth, body: { config, records } }),
  };
};

export const kafkaApi = (auth: Credentials, lkc: string) => {
  const base = `/kafka/v3/clusters/${enc(lkc)}`;
  return {
    topics: () => call<Page<Topic>>('GET', `${base}/topics`, { auth }),
    topic: (t: string) => call<Topic>('GET', `${base}/topics/${enc(t)}`, { auth }),
    createTopic: (topic_name: string, partitions_count: number, configs: Array<{ name: string; value: string }>) =>
      call<Topic>('POST', `${base}/topics`, { auth, body: { topic_name, partitions_count, configs } }),
    deleteTopic: (t: string) => call<void>('DELETE', `${base}/topics/${enc(t)}`, { auth }),
    configs: (t: string) => call<Page<TopicConfig>>('GET', `${base}/topics/${enc(t)}/configs`, { auth }),
    alterConfigs: (t: string, data: Array<{ name: string; value: string }>) =>
      call<void>('POST', `${base}/topics/${enc(t)}/configs:alter`, { auth, body: { data } }),
    read: (t: string, params: URLSearchParams, signal?: AbortSignal) =>
      call<RecordList>('GET', `${base}/topics/${enc(t)}/records?${params}`, { auth, signal }),
    produce: (t: string, key: string | null, value: string) =>
      call<unknown>('POST', `${base}/topics/${enc(t)}/records`, {
        auth,
        body: {
          key: key === null ? undefined : { type: 'STRING', data: key },
          value: { type: 'STRING', data: value },
        },
      }),
  };
};

export const schemaRegistryApi = (auth: Credentials) => ({
  subjects: () => call<string[]>('GET', '/subjects', { auth }),
  versions: (s: string) => call<number[]>('GET', `/subjects/${enc(s)}/versions`, { auth }),
  version: (s: string, v: number | 'latest') =>
    call<SchemaVersion>('GET', `/subjects/${enc(s)}/versions/${v}`, { auth }),
  schemaById: (id: number) => call<{ schema: string; schemaType?: string }>('GET', `/schemas/ids/${id}`, { auth }),
  deleteSubject: (s: string) => call<number[]>('DELETE', `/subjects/${enc(s)}`, { auth }),
  compatibility: (s: string) =>
    call<{ compatibilityLevel: string }>('GET', `/config/${enc(s)}?defaultToGlobal=true`, { auth }),
  setCompatibility: (s: string, compatibility: string) =>
    call<{ compatibility: string }>('PUT', `/config/${enc(s)}`, { auth, body: { compatibility } }),
});
