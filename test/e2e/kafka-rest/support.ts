/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Shared set-up for the Kafka REST e2e tests: an in-process embedded broker authenticating through the
// control plane (cluster API keys and platform/<lkc>), the API pointed at it, a tenant with an embedded
// cluster and its API key, and optionally a second broker registered as an "external" cluster.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, StaticAuthenticator, type BrokerHandle, type SaslPlainAuthenticator } from '@libs/broker';
import { ApiKeyVerifier } from '@libs/auth';
import { PlatformRepository, PrismaService } from '@libs/db';
import { ControlPlaneAuthenticator } from '../../../apps/broker/src/control-plane/control-plane-authenticator';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import {
  clusterBody,
  createApiKey,
  createCluster,
  createEnvironment,
  expectStatus,
} from '../../support/cloud-fixtures';
import { basic, type Credentials, type HttpResult } from '../../support/http-client';
import { assertKafkaRestSpec } from './kafka-rest-spec';
import { waitFor } from '../../support/wait-for';

export const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';

export interface KafkaRestEnv {
  api: ApiHarness;
  broker: BrokerHandle;
  brokerPort: number;
  tenant: Tenant;
  envId: string;
  clusterId: string;
  key: Credentials & { id: string };
  close(): Promise<void>;
}

/** Broker + API + one tenant with an embedded cluster and a key of that cluster. */
export async function startKafkaRestEnv(): Promise<KafkaRestEnv> {
  // The broker starts first (the API needs its port); it authenticates through the API's key store once that is up.
  const auth: { real?: SaslPlainAuthenticator } = {};
  const lazy: SaslPlainAuthenticator = {
    authenticate: (u, p) =>
      auth.real ? auth.real.authenticate(u, p) : Promise.resolve({ ok: false, message: 'not ready' }),
  };
  const broker = await startBroker({
    host: '127.0.0.1',
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'cp-kr-broker-')),
    authenticator: lazy,
    autoCreateTopics: false,
    fsync: { mode: 'never' },
  });
  const api = await startApi({
    BROKER_HOST: '127.0.0.1',
    BROKER_PORT: String(broker.port),
    BROKER_ADVERTISED_HOST: '127.0.0.1',
  });
  auth.real = new ControlPlaneAuthenticator(
    new ApiKeyVerifier(new PlatformRepository(api.app.get(PrismaService)).auth, PEPPER),
    PEPPER,
  );
  const tenant = await api.newTenant();
  const envId = await createEnvironment(api, tenant.admin, 'kafka-rest');
  const clusterId = await createCluster(api, tenant.admin, envId, 'kr');
  const key = await createApiKey(api, tenant.admin, tenant.adminServiceAccountId, clusterId, envId);
  return {
    api,
    broker,
    brokerPort: broker.port,
    tenant,
    envId,
    clusterId,
    key,
    async close() {
      await api.close();
      await broker.close();
    },
  };
}

/** A second broker that plays an external Kafka cluster (static SASL/PLAIN user), registered through CMK. */
export async function registerExternalCluster(
  env: KafkaRestEnv,
): Promise<{ broker: BrokerHandle; clusterId: string; key: Credentials & { id: string } }> {
  const broker = await startBroker({
    host: '127.0.0.1',
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'cp-kr-ext-')),
    authenticator: new StaticAuthenticator([
      { username: 'ext-admin', password: 'ext-secret', tenant: 'external-tenant' },
    ]),
    autoCreateTopics: false,
    fsync: { mode: 'never' },
  });
  const res = await env.api.request('POST', '/cmk/v2/clusters', {
    auth: env.tenant.admin,
    body: clusterBody(env.envId, 'ext', {
      external_kafka: {
        bootstrap_servers: `127.0.0.1:${broker.port}`,
        security_protocol: 'SASL_PLAINTEXT',
        sasl_mechanism: 'PLAIN',
        username: 'ext-admin',
        password: 'ext-secret',
      },
    }),
  });
  expectStatus(res, 202, 'register external cluster');
  const clusterId = res.body.id as string;
  await waitFor('external cluster PROVISIONED', async () => {
    const r = await env.api.request('GET', `/cmk/v2/clusters/${clusterId}?environment=${env.envId}`, {
      auth: env.tenant.admin,
    });
    if (r.body?.status?.phase === 'FAILED') throw new Error(`external cluster FAILED: ${r.text}`);
    return r.body?.status?.phase === 'PROVISIONED' ? true : undefined;
  });
  const key = await createApiKey(env.api, env.tenant.admin, env.tenant.adminServiceAccountId, clusterId, env.envId);
  return { broker, clusterId, key };
}

export const kr = (clusterId: string, rest = '') => `/kafka/v3/clusters/${clusterId}${rest}`;

/** A Kafka REST request whose response must conform to kafkarest-v3.openapi.yaml. */
export async function krRequest<T = any>(
  env: { api: ApiHarness },
  method: string,
  path: string,
  opts: Parameters<ApiHarness['request']>[2] = {},
): Promise<HttpResult<T>> {
  const res = await env.api.request<T>(method, path, opts);
  assertKafkaRestSpec(method, path, res);
  return res;
}

export function assertKafkaRestError(res: HttpResult, status: number, errorCode: number, message?: RegExp): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.equal(res.body?.error_code, errorCode, `error_code in ${res.text}`);
  assert.equal(typeof res.body?.message, 'string');
  if (message) assert.match(res.body.message, message);
}

/**
 * Streaming produce over one chunked HTTP request: writes `records` in chunks of `perChunk`
 * (optionally waiting for the reports of each chunk before sending the next) and collects the
 * delivery reports as they arrive.
 */
export async function streamProduce(
  baseUrl: string,
  path: string,
  auth: Credentials,
  records: unknown[],
  opts: { perChunk?: number; lockstep?: boolean; raw?: string[] } = {},
): Promise<{ status: number; reports: any[]; firstReportBeforeEnd: boolean }> {
  const url = new URL(path, baseUrl);
  const chunks: string[] = opts.raw ?? [];
  if (!opts.raw) {
    const per = opts.perChunk ?? 100;
    for (let i = 0; i < records.length; i += per)
      chunks.push(
        records
          .slice(i, i + per)
          .map((r) => JSON.stringify(r))
          .join(''),
      );
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        method: 'POST',
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: { authorization: basic(auth), 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      },
      (res) => {
        let buf = '';
        const reports: any[] = [];
        let firstReportBeforeEnd = false;
        let sent = 0;
        let requestEnded = false;
        const sendNext = () => {
          if (sent < chunks.length) req.write(chunks[sent++]);
          if (sent >= chunks.length && !requestEnded) {
            requestEnded = true;
            req.end();
          }
        };
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          buf += d;
          const lines = buf.split('\n');
          buf = lines.pop() ?? '';
          for (const line of lines) {
            if (!line.trim()) continue;
            reports.push(JSON.parse(line));
            if (!requestEnded) firstReportBeforeEnd = true;
          }
          if (
            opts.lockstep &&
            reports.length >= Math.min(sent * (opts.perChunk ?? 100), records.length) &&
            !requestEnded
          )
            sendNext();
        });
        res.on('end', () => {
          if (buf.trim()) {
            try {
              reports.push(JSON.parse(buf));
            } catch {
              reports.push({ unparsed: buf });
            }
          }
          resolve({ status: res.statusCode ?? 0, reports, firstReportBeforeEnd });
        });
        res.on('error', reject);
        if (opts.lockstep) sendNext();
      },
    );
    req.on('error', reject);
    req.flushHeaders();
    if (!opts.lockstep) {
      for (const c of chunks) req.write(c);
      req.end();
    }
  });
}
