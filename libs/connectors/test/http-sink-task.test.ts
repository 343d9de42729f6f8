// HttpSinkTask against a local node:http server, without the runtime: bounded concurrency (at most
// MAX_CONNECTIONS requests in flight whatever the number of batch groups), order within a group,
// put() not returning before the slow endpoint answered (back-pressure), and a stop cutting a
// retry wait short.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Schemas, SinkRecord } from '@libs/connect-spi';
import { EgressPolicy } from '../src/egress/egress-policy';
import { MAX_CONNECTIONS } from '../src/http-sink/http-client';
import { httpSinkHooks, HttpSinkTask } from '../src/http-sink/http-sink-task';
import type { OutgoingRecord, Props } from '@libs/connect-spi';
import { collectInto, sinkTaskContext } from './sink-task-context';

const rec = (i: number, key = `k${i}`) =>
  new SinkRecord('t', 0, Schemas.OPTIONAL_STRING_SCHEMA, key, null, { i }, i, 1, 'CreateTime');

describe('HttpSinkTask', () => {
  let server: Server;
  let url = '';
  let inFlight = 0;
  let maxInFlight = 0;
  let delayMs = 0;
  let status = 200;
  const bodies: string[] = [];
  const seen: { url: string; headers: Record<string, unknown>; body: string }[] = [];
  const reports = new Map<string, OutgoingRecord[]>();
  const started = (props: Props) => {
    const t = new HttpSinkTask();
    t.initialize(sinkTaskContext(props, collectInto(reports), { connectorId: props.name }));
    t.start(props);
    return t;
  };

  const task = (extra: Record<string, string>) =>
    started({ name: 'x', 'tasks.max': '1', topics: 't', 'http.api.base.url': url, ...extra });

  before(async () => {
    server = createServer((req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () =>
        setTimeout(() => {
          bodies.push(body);
          seen.push({ url: req.url ?? '', headers: req.headers, body });
          inFlight--;
          res.writeHead(status);
          res.end('ok');
        }, delayMs),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    httpSinkHooks.policy = new EgressPolicy({ devMode: true });
  });

  after(async () => {
    httpSinkHooks.policy = null;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends many groups with at most MAX_CONNECTIONS requests in flight; put() waits for the slow endpoint', async () => {
    delayMs = 50;
    maxInFlight = 0;
    bodies.length = 0;
    const t = task({
      'api1.batch.key.pattern': '${key}',
      'api1.max.batch.size': '10',
      'api1.batch.json.as.array': 'true',
    });
    // 40 keys × 2 records: 40 groups of one batch each
    const records = Array.from({ length: 80 }, (_, i) => rec(i, `k${i % 40}`));
    const t0 = performance.now();
    await t.put(records);
    const took = performance.now() - t0;
    await t.stop();
    assert.equal(bodies.length, 40, 'one request per group');
    assert.equal(maxInFlight, MAX_CONNECTIONS);
    assert.ok(took >= (40 / MAX_CONNECTIONS) * 50 - 5, `put() returned after ${took} ms, before the endpoint answered`);
    // within a group, consumption order
    for (const b of bodies) {
      const is = (JSON.parse(b) as { i: number }[]).map((x) => x.i);
      assert.equal(is.length, 2);
      assert.ok(is[0] < is[1]);
    }
    const success = reports.get('success-x')!;
    assert.deepEqual(
      success.map((r) => r.headers!.input_record_offset),
      records.map((r) => String(r.kafkaOffset)),
      'reports in consumption order',
    );
  });

  it('API_KEY in a header or the query; STRING bodies joined by the separator with prefix and suffix', async () => {
    delayMs = 0;
    seen.length = 0;
    const header = task({ 'auth.type': 'API_KEY', 'api.key.value': 'k-123', 'api1.http.api.path': '/h' });
    await header.put([rec(1)]);
    await header.stop();
    assert.equal(seen[0].headers['x-api-key'], 'k-123');
    const query = task({
      'auth.type': 'API_KEY',
      'api.key.location': 'QUERY',
      'api.key.name': 'token',
      'api.key.value': 'k 456',
      'api1.http.api.path': '/q',
      'api1.request.body.format': 'STRING',
      'api1.http.request.body': 'id=${i}',
      'api1.max.batch.size': '3',
      'api1.batch.prefix': 'BEGIN\\n',
      'api1.batch.separator': '\\n',
      'api1.batch.suffix': '\\nEND',
    });
    await query.put([rec(1), rec(2), rec(3)]);
    await query.stop();
    assert.equal(seen[1].url, '/q?token=k%20456');
    assert.equal(seen[1].headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(seen[1].body, 'BEGIN\nid=1\nid=2\nid=3\nEND');
  });

  it('an unreachable endpoint is retried, then reported with the exception', async () => {
    const t = started({
      name: 'down',
      'tasks.max': '1',
      topics: 't',
      'http.api.base.url': 'http://127.0.0.1:9', // discard port: nothing listens
      'api1.max.retries': '2',
      'api1.retry.backoff.ms': '10',
      'behavior.on.error': 'IGNORE',
    });
    await t.put([rec(7)]);
    await t.stop();
    const [e] = reports.get('error-down')!;
    assert.match(String(e.headers!.exception), /ECONNREFUSED|connect/i);
    assert.equal(e.headers!.error_message, 'Exception while processing HTTP request for a batch of 1 records.');
    assert.equal(e.headers!.status_code, undefined, 'a null header is left out');
  });

  it('a stop cuts a retry wait short', async () => {
    delayMs = 0;
    status = 503;
    const t = task({ 'api1.retry.backoff.ms': '60000', 'api1.retry.backoff.policy': 'CONSTANT_VALUE' });
    const put = t.put([rec(1)]);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    const rejected = assert.rejects(put, /stopped while sending/);
    await t.stop();
    await rejected;
    assert.ok(performance.now() - t0 < 5000);
    status = 200;
  });

  it('tunnels through an HTTP proxy with Basic proxy authentication, and checks the target by name', async () => {
    delayMs = 0;
    status = 200;
    const tunnels: { target: string; auth: string | undefined }[] = [];
    const proxy = createServer();
    proxy.on('connect', (req, client: Socket, head: Buffer) => {
      tunnels.push({ target: req.url ?? '', auth: req.headers['proxy-authorization'] });
      if (req.headers['proxy-authorization'] !== `Basic ${Buffer.from('pu:pp').toString('base64')}`) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
        return;
      }
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.2', r));
    const proxyPort = (proxy.address() as AddressInfo).port;
    try {
      seen.length = 0;
      const viaProxy = {
        'http.proxy.host': '127.0.0.2',
        'http.proxy.port': String(proxyPort),
        'http.proxy.user': 'pu',
        'http.proxy.password': 'pp',
        'api1.http.api.path': '/proxied',
      };
      const t = task(viaProxy);
      await t.put([rec(1), rec(2)]);
      await t.stop();
      assert.deepEqual(
        seen.map((x) => x.url),
        ['/proxied', '/proxied'],
      );
      assert.ok(tunnels.length >= 1 && tunnels.every((x) => x.target === new URL(url).host));
      // the target is checked by name even though the proxy makes the connection (the proxy at
      // 127.0.0.2 stays allowed; the request never reaches it)
      const tunnelled = tunnels.length;
      const before = httpSinkHooks.policy;
      httpSinkHooks.policy = new EgressPolicy({ devMode: true, deny: ['127.0.0.1'] });
      const denied = started({
        name: 'denied',
        'tasks.max': '1',
        topics: 't',
        'http.api.base.url': url.replace('127.0.0.1', 'localhost'),
        'behavior.on.error': 'IGNORE',
        ...viaProxy,
      });
      await denied.put([rec(3)]);
      await denied.stop();
      httpSinkHooks.policy = before;
      const [e] = reports.get('error-denied')!;
      assert.match(String(e.headers!.exception), /egress to localhost:\d+ refused/);
      assert.equal(tunnels.length, tunnelled);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});
