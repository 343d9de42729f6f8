/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// HttpSinkV2 end to end (issue 16, "Done when"): records produced to the embedded broker → the
// connector runtime's sink tasks → a local node:http server started here. Connectors go through the
// Connect v1 API (validate, secrets encrypted at rest and masked on read). Covered: batching with
// the success topic, each auth type (BASIC, BEARER, OAUTH2 client credentials with refresh on
// expiry and on a 401), retries on 429/503, a permanently failing endpoint with behavior.on.error
// IGNORE (error topic + DLQ) and FAIL (task FAILED), and egress refusals (validate and a redirect).
//
// The endpoint is on loopback, which only dev mode allows; the policy here is dev mode with
// 127.0.0.2 denied, to have a refused target.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { loadConfig } from '@libs/config';
import { PrismaService } from '@libs/db';
import { EgressPolicy, httpSinkHooks, setEgressPolicy } from '@libs/connectors';
import type { ConnectRuntime } from '@libs/connect-runtime';
import {
  clusterKafka,
  provisionCluster,
  startRuntime,
  startStack,
  type ProvisionedCluster,
  type Stack,
} from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { connectRequest, MASK } from '../connect-api/support';
import { waitFor } from '../../support/wait-for';
import { TestEndpoint } from './http-server';

interface Got {
  value: string | null;
  headers: Record<string, string | null>;
}

describe('HttpSinkV2 end to end (Kafka → runtime → local HTTP server)', () => {
  let stack: Stack;
  let rt: ConnectRuntime | undefined;
  let t: Tenant;
  let c: ProvisionedCluster;
  let kafka: Kafka;
  let connect = '';
  const http = new TestEndpoint();
  const created: string[] = [];
  const ids = new Map<string, string>();

  const req = (method: string, path: string, body?: unknown) =>
    connectRequest(stack.api, method, `${connect}${path}`, { auth: t.admin, body });
  const status = async (name: string) => (await req('GET', `/connectors/${name}/status`)).body;

  async function sink(name: string, topic: string, config: Record<string, string>): Promise<void> {
    const res = await req('PUT', `/connectors/${name}/config`, {
      name,
      'connector.class': 'HttpSinkV2',
      'kafka.auth.mode': 'KAFKA_API_KEY',
      'kafka.api.key': c.key.key,
      'kafka.api.secret': c.key.secret,
      'tasks.max': '1',
      topics: topic,
      'input.data.format': 'JSON',
      'http.api.base.url': http.url,
      ...config,
    });
    assert.ok(res.status === 200 || res.status === 201, `${name}: ${res.status} ${res.text}`);
    created.push(name);
    ids.set(name, (await req('GET', `/connectors/${name}/status?expand=id`)).body.id.id as string);
  }

  /** `success-${connector}` / `error-${connector}`: Confluent names them with the lcc id. */
  const reportTopic = (kind: 'success' | 'error', name: string) => `${kind}-${ids.get(name)}`;

  async function produce(topic: string, values: unknown[], firstKey = 0): Promise<void> {
    const p = kafka.producer();
    await p.connect();
    await p.send({
      topic,
      messages: values.map((v, i) => ({ key: `k${firstKey + i}`, value: v === null ? null : JSON.stringify(v) })),
    });
    await p.disconnect();
  }

  async function topic(name: string): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: name, numPartitions: 1 }] });
    await admin.disconnect();
  }

  /** The first `n` records of a topic (waits for the topic and the records). */
  async function read(name: string, n: number): Promise<Got[]> {
    const got: Got[] = [];
    const consumer = kafka.consumer({ groupId: `read-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 200 });
    await consumer.connect();
    try {
      await waitFor(
        `topic ${name}`,
        async () => {
          const admin = kafka.admin();
          await admin.connect();
          try {
            return (await admin.listTopics()).includes(name);
          } finally {
            await admin.disconnect();
          }
        },
        60_000,
        200,
      );
      await consumer.subscribe({ topic: name, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          got.push({
            value: message.value === null ? null : message.value.toString('utf8'),
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [
                k,
                v === null || v === undefined ? null : String(v),
              ]),
            ),
          });
        },
      });
      await waitFor(`${n} records in ${name}`, () => got.length >= n, 60_000, 100);
    } finally {
      await consumer.disconnect();
    }
    return got;
  }

  before(async () => {
    await http.start();
    stack = await startStack({ CONNECT_TEST_PLUGINS: 'false' });
    t = await stack.api.newTenant('httpsink');
    c = await provisionCluster(stack.api, t, 'httpsink');
    connect = `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}`;
    setEgressPolicy(EgressPolicy.fromConfig(loadConfig()));
    httpSinkHooks.policy = new EgressPolicy({ devMode: true, deny: ['127.0.0.2'] });
    kafka = clusterKafka(stack, c, 'httpsink-e2e');
    rt = await startRuntime(stack, t.organizationId, { capacity: 20, workerId: 'w-httpsink' });
  });

  after(async () => {
    for (const name of created.reverse()) await req('DELETE', `/connectors/${name}`).catch(() => undefined);
    await rt?.close().catch(() => undefined);
    await stack?.close();
    await http.close();
    httpSinkHooks.policy = null;
  });

  it('batches records as JSON arrays and reports each response to the success topic', async () => {
    http.on('/batch', (s) => ({ status: 200, body: JSON.stringify({ received: JSON.parse(s.body).length }) }));
    await topic('orders');
    await produce(
      'orders',
      Array.from({ length: 12 }, (_, n) => ({ n })),
    );
    await sink('http-batch', 'orders', {
      'api1.http.api.path': '/batch/${topic}',
      'api1.max.batch.size': '5',
      'api1.batch.json.as.array': 'true',
      'api1.http.request.headers': 'X-Source:connectplane',
    });
    await waitFor(
      '12 records posted',
      () => http.requests('/batch/orders').flatMap((s) => JSON.parse(s.body)).length >= 12,
      60_000,
      100,
    );
    const posts = http.requests('/batch/orders');
    const sent = posts.flatMap((s) => JSON.parse(s.body) as { n: number }[]);
    assert.deepEqual(
      sent.map((r) => r.n),
      Array.from({ length: 12 }, (_, n) => n),
    );
    assert.ok(posts.every((s) => JSON.parse(s.body).length <= 5));
    assert.ok(
      posts.some((s) => JSON.parse(s.body).length === 5),
      'full batches of max.batch.size',
    );
    assert.equal(posts[0].method, 'POST');
    assert.equal(posts[0].headers['content-type'], 'application/json');
    assert.equal(posts[0].headers['x-source'], 'connectplane');
    const success = await read(reportTopic('success', 'http-batch'), 12);
    assert.deepEqual(
      success.map((r) => r.headers.input_record_offset),
      Array.from({ length: 12 }, (_, n) => String(n)),
    );
    assert.equal(success[0].headers.input_record_topic, 'orders');
    assert.equal(success[0].headers.input_record_partition, '0');
    assert.match(String(success[0].headers.input_record_timestamp), /^\d+$/);
    assert.equal(success[0].value, JSON.stringify(JSON.stringify({ received: JSON.parse(posts[0].body).length })));
    assert.equal((await status('http-batch')).tasks[0].state, 'RUNNING');
  });

  it('BASIC and BEARER auth; secrets encrypted at rest and masked on read', async () => {
    const basic = `Basic ${Buffer.from('alice:s3cret-basic').toString('base64')}`;
    http.on('/basic', (s) => (s.headers.authorization === basic ? { status: 200, body: 'ok' } : { status: 403 }));
    http.on('/bearer', (s) =>
      s.headers.authorization === 'Bearer tok-bearer-e2e' && s.headers['x-tenant-secret'] === 'hdr-secret-e2e'
        ? { status: 200, body: 'ok' }
        : { status: 403 },
    );
    await topic('auth-basic');
    await topic('auth-bearer');
    await produce('auth-basic', [{ a: 1 }, { a: 2 }]);
    await produce('auth-bearer', [{ b: 1 }, { b: 2 }]);
    const strict = { 'api1.retry.on.status.codes': '500-', 'api1.max.retries': '0', 'behavior.on.error': 'IGNORE' };
    await sink('http-basic', 'auth-basic', {
      ...strict,
      'api1.http.api.path': '/basic',
      'auth.type': 'BASIC',
      'connection.user': 'alice',
      'connection.password': 's3cret-basic',
    });
    await sink('http-bearer', 'auth-bearer', {
      ...strict,
      'api1.http.api.path': '/bearer',
      'auth.type': 'BEARER',
      'bearer.token': 'tok-bearer-e2e',
      'api1.http.request.sensitive.headers': 'X-Tenant-Secret:hdr-secret-e2e',
    });
    assert.equal((await read(reportTopic('success', 'http-basic'), 2)).length, 2);
    assert.equal((await read(reportTopic('success', 'http-bearer'), 2)).length, 2);
    const cfg = (await req('GET', '/connectors/http-bearer/config')).body;
    assert.equal(cfg['bearer.token'], MASK);
    assert.equal(cfg['api1.http.request.sensitive.headers'], MASK);
    assert.equal((await req('GET', '/connectors/http-basic/config')).body['connection.password'], MASK);
    const prisma = stack.api.app.get(PrismaService, { strict: false });
    for (const [name, secret] of [
      ['http-bearer', 'tok-bearer-e2e'],
      ['http-bearer', 'hdr-secret-e2e'],
      ['http-basic', 's3cret-basic'],
    ]) {
      const row = await prisma.connector.findFirst({ where: { name, organizationId: t.organizationId } });
      assert.ok(!JSON.stringify(row?.config).includes(secret), `no plaintext secret stored for ${name}`);
    }
  });

  it('OAUTH2 client credentials: token fetched once, refreshed on expiry and on a 401', async () => {
    const client = `Basic ${Buffer.from('cid:csecret').toString('base64')}`;
    http.tokenLifetimeS = 2;
    http.on('/oauth/api', (s) => {
      const tok = String(s.headers.authorization ?? '').replace(/^Bearer /, '');
      const valid = tok === `tok-${http.tokensIssued}` && !http.revoked.has(tok);
      return valid ? { status: 200, body: JSON.stringify({ token: tok }) } : { status: 401, body: 'expired' };
    });
    await topic('auth-oauth');
    await produce('auth-oauth', [{ o: 1 }, { o: 2 }, { o: 3 }]);
    await sink('http-oauth', 'auth-oauth', {
      'api1.http.api.path': '/oauth/api',
      'api1.retry.backoff.ms': '50',
      'api1.retry.backoff.policy': 'CONSTANT_VALUE',
      'auth.type': 'OAUTH2',
      'oauth2.token.url': `${http.url}/oauth/token`,
      'oauth2.client.id': 'cid',
      'oauth2.client.secret': 'csecret',
      'oauth2.client.scope': 'write',
    });
    await read(reportTopic('success', 'http-oauth'), 3);
    const tokenCalls = () => http.requests('/oauth/token');
    assert.equal(tokenCalls().length, 1, 'one token for three requests');
    assert.equal(tokenCalls()[0].headers.authorization, client);
    assert.equal(tokenCalls()[0].body, 'grant_type=client_credentials&scope=write');
    // a revoked token: the 401 drops it and the retry fetches a new one
    http.revoked.add(`tok-${http.tokensIssued}`);
    await produce('auth-oauth', [{ o: 4 }], 3);
    await read(reportTopic('success', 'http-oauth'), 4);
    assert.equal(tokenCalls().length, 2);
    // past expires_in (2 s, refreshed at 90 %): a new token before the request
    await new Promise((r) => setTimeout(r, 2200));
    const before401 = http.requests('/oauth/api').filter((s) => s.headers.authorization === undefined).length;
    await produce('auth-oauth', [{ o: 5 }], 4);
    const got = await read(reportTopic('success', 'http-oauth'), 5);
    assert.equal(tokenCalls().length, 3);
    assert.equal(got[4].value, JSON.stringify(JSON.stringify({ token: 'tok-3' })));
    assert.equal(before401, 0);
    http.tokenLifetimeS = 3600;
  });

  it('retries 429 and 503 with backoff, then succeeds', async () => {
    http.on('/flaky', (_s, n) =>
      n === 1
        ? { status: 429, body: 'slow down', headers: { 'retry-after': '0' } }
        : n === 2
          ? { status: 503, body: 'unavailable' }
          : { status: 200, body: 'done' },
    );
    await topic('flaky');
    await produce('flaky', [{ f: 1 }]);
    await sink('http-flaky', 'flaky', {
      'api1.http.api.path': '/flaky',
      'api1.retry.backoff.ms': '100',
      'api1.retry.backoff.policy': 'CONSTANT_VALUE',
      'api1.retry.on.status.codes': '500-',
    });
    const ok = await read(reportTopic('success', 'http-flaky'), 1);
    assert.equal(ok[0].value, '"done"');
    assert.equal(http.requests('/flaky').length, 3);
    assert.equal((await status('http-flaky')).tasks[0].state, 'RUNNING');
  });

  it('a permanently failing endpoint: IGNORE reports to the error topic and the DLQ, FAIL fails the task', async () => {
    http.on('/fail', () => ({ status: 500, body: '{"error":"broken"}' }));
    await topic('doomed');
    await produce('doomed', [{ d: 1 }, { d: 2 }, { d: 3 }]);
    const failing = {
      'api1.http.api.path': '/fail/${key}',
      'api1.max.retries': '2',
      'api1.retry.backoff.ms': '20',
    };
    await sink('http-ignore', 'doomed', {
      ...failing,
      'behavior.on.error': 'IGNORE',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'dlq-http-ignore',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    const errors = await read(reportTopic('error', 'http-ignore'), 3);
    assert.deepEqual(
      errors.map((e) => e.headers.input_record_offset),
      ['0', '1', '2'],
    );
    const e0 = errors[0];
    assert.equal(e0.headers.status_code, '500');
    assert.equal(e0.headers.reason_phrase, 'Internal Server Error');
    assert.equal(e0.headers.url, `${http.url}/fail/k0`);
    assert.equal(e0.headers.response_content, '{"error":"broken"}');
    assert.equal(e0.headers.payload, '{"d":1}');
    assert.equal(e0.headers.exception, undefined, 'null headers are left out (kafkajs cannot write them)');
    assert.equal(
      e0.value,
      JSON.stringify(
        `Retry time lapsed, unable to process HTTP request. HTTP Response code: 500, Reason phrase: Internal Server Error, Url: ${http.url}/fail/k0, Response content: {"error":"broken"}, Exception: null, Error message: null`,
      ),
    );
    assert.equal(http.requests('/fail/k0').length, 3, 'one try and max.retries=2 retries');
    const dlq = await read('dlq-http-ignore', 3);
    assert.equal(dlq[0].headers['__connect.errors.stage'], 'TASK_PUT');
    assert.equal(dlq[0].value, '{"d":1}');
    assert.equal((await status('http-ignore')).tasks[0].state, 'RUNNING');

    await sink('http-fail', 'doomed', { ...failing, 'behavior.on.error': 'FAIL' });
    const failed = await waitFor(
      'http-fail FAILED',
      async () => {
        const s = await status('http-fail');
        return s.tasks[0]?.state === 'FAILED' ? s.tasks[0] : undefined;
      },
      60_000,
      200,
    );
    assert.match(failed.trace, /behavior.on.error is FAIL: Retry time lapsed.*HTTP Response code: 500/);
    assert.ok((await read(reportTopic('error', 'http-fail'), 1)).length >= 1);
  });

  it('egress: a denied base URL fails validate on http.api.base.url; a redirect to a denied host is refused', async () => {
    const denied = `http://127.0.0.2:${http.port}/api`;
    const v = await req('PUT', '/connector-plugins/HttpSinkV2/config/validate', {
      'connector.class': 'HttpSinkV2',
      name: 'http-denied',
      'kafka.auth.mode': 'KAFKA_API_KEY',
      'kafka.api.key': c.key.key,
      'kafka.api.secret': c.key.secret,
      'tasks.max': '1',
      topics: 'orders',
      'input.data.format': 'JSON',
      'http.api.base.url': denied,
    });
    assert.equal(v.status, 200, v.text);
    const cfg = v.body.configs.find((x: any) => x.value.name === 'http.api.base.url');
    assert.match(
      cfg.value.errors[0],
      /^Invalid value http:\/\/127\.0\.0\.2:\d+\/api for configuration http\.api\.base\.url: .*denied by the egress policy/,
    );

    http.on('/redirect', () => ({ status: 307, headers: { location: `${denied}/target` } }));
    await topic('redirected');
    await produce('redirected', [{ r: 1 }]);
    await sink('http-redirect', 'redirected', {
      'api1.http.api.path': '/redirect',
      'api1.max.retries': '3',
      'behavior.on.error': 'IGNORE',
    });
    const [e] = await read(reportTopic('error', 'http-redirect'), 1);
    assert.match(String(e.headers.exception), /EgressRefusedError: egress to 127\.0\.0\.2:\d+ refused/);
    assert.equal(http.requests('/redirect').length, 1, 'a policy refusal is not retried');
  });
});
