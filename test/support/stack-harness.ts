import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { startBroker, type BrokerHandle } from '@libs/broker';
import { loadConfig } from '@libs/config';
import { PrismaService } from '@libs/db';
import { connectorPluginRegistry } from '@libs/connectors';
import { ConnectRuntime } from '@libs/connect-runtime';
import { inProcessSchemaRegistry } from '../../apps/worker/src/schema-registry-client';
import { connectControlPlane, type ControlPlaneLink } from '../../apps/broker/src/control-plane/control-plane-link';
import { startApi, type ApiHarness, type Tenant } from './api-harness';
import { freePort } from './free-port';
import type { Credentials } from './http-client';

export interface Stack {
  api: ApiHarness;
  broker: BrokerHandle;
  brokerAddress: string;
  close(): Promise<void>;
}

/** The API plus an embedded broker authenticating through the control plane, as `npm start` runs them. */
export async function startStack(extraEnv: Record<string, string> = {}): Promise<Stack> {
  const brokerPort = await freePort();
  const api = await startApi({ BROKER_PORT: String(brokerPort), BROKER_ADVERTISED_HOST: '127.0.0.1', ...extraEnv });
  const link: ControlPlaneLink = connectControlPlane(loadConfig());
  const broker = await startBroker({
    host: '127.0.0.1',
    port: brokerPort,
    advertisedHost: '127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'cp-broker-')),
    authenticator: link.authenticator,
    fsync: { mode: 'never' },
  });
  await link.attach(broker);
  return {
    api,
    broker,
    brokerAddress: `127.0.0.1:${brokerPort}`,
    async close() {
      await broker.close();
      await link.close();
      await api.close();
    },
  };
}

export interface ProvisionedCluster {
  environmentId: string;
  clusterId: string;
  key: Credentials;
}

/** Environment → cluster → cluster API key for the tenant's admin, through the public APIs. */
export async function provisionCluster(api: ApiHarness, t: Tenant, name = 'c'): Promise<ProvisionedCluster> {
  const env = await api.request('POST', '/org/v2/environments', { auth: t.admin, body: { display_name: name } });
  const cluster = await api.request('POST', '/cmk/v2/clusters', {
    auth: t.admin,
    body: {
      spec: {
        display_name: name,
        availability: 'SINGLE_ZONE',
        cloud: 'GCP',
        region: 'us-west4',
        config: { kind: 'Basic' },
        environment: { id: env.body.id },
      },
    },
  });
  if (cluster.status !== 202) throw new Error(`cluster create: ${cluster.status} ${cluster.text}`);
  const key = await api.request('POST', '/iam/v2/api-keys', {
    auth: t.admin,
    body: {
      spec: { owner: { id: t.adminServiceAccountId }, resource: { id: cluster.body.id, environment: env.body.id } },
    },
  });
  if (key.status !== 202) throw new Error(`key create: ${key.status} ${key.text}`);
  return {
    environmentId: env.body.id,
    clusterId: cluster.body.id,
    key: { key: key.body.id, secret: key.body.spec.secret },
  };
}

/** A connector runtime in this test process, scoped to one organization, on the stack's broker. */
export async function startRuntime(
  stack: Stack,
  organizationId: string,
  opts: {
    capacity: number;
    workerId: string;
    metricsFlushMs?: number;
    /** The Schema Registry converters read the API's registry in this process. */
    schemaRegistry?: boolean;
    /** The test plugins (CounterSource, CollectSink…) beside the real ones; on unless false. */
    testPlugins?: boolean;
    offsetFlushIntervalMs?: number;
  },
): Promise<ConnectRuntime> {
  const config = loadConfig();
  const [host, port] = stack.brokerAddress.split(':');
  const db = stack.api.app.get(PrismaService, { strict: false });
  const rt = new ConnectRuntime({
    db,
    registry: connectorPluginRegistry({ testPlugins: opts.testPlugins ?? true }),
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    secretsKeyring: config.secretsKeyring,
    pepper: config.apiKeyPepper,
    broker: { host: host as string, port: Number(port) },
    capacity: opts.capacity,
    workerId: opts.workerId,
    organizationIds: [organizationId],
    reconcileIntervalMs: 200,
    offsetFlushIntervalMs: opts.offsetFlushIntervalMs ?? 200,
    ...(opts.metricsFlushMs !== undefined && { metricsFlushMs: opts.metricsFlushMs }),
    ...(opts.schemaRegistry && { schemaRegistry: inProcessSchemaRegistry(db) }),
    log: () => undefined,
  });
  await rt.start();
  return rt;
}

/** A kafkajs client of the stack's broker authenticated with the cluster's own API key. */
export function clusterKafka(
  stack: Stack,
  c: ProvisionedCluster,
  clientId = 'cp-test',
  extra: Partial<KafkaConfig> = {},
): Kafka {
  return new Kafka({
    clientId,
    brokers: [stack.brokerAddress],
    sasl: { mechanism: 'plain', username: c.key.key, password: c.key.secret },
    logLevel: logLevel.NOTHING,
    ...extra,
  });
}
