/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Readiness while draining (issue 20 point 3): processes started as `npm start` starts them.
//
// - A worker that got SIGTERM answers /readyz 503 ("draining") and /livez 200 for as long as it is
//   handing its tasks over (held open here by pausing the broker, which the sink task's leave-group
//   waits on), then exits 0.
// - An API process that got SIGTERM answers /readyz 503 on the keep-alive connections it still
//   serves and, during API_DRAIN_DELAY_MS, on new ones, so a proxy stops routing to it; /livez stays
//   200; the request in flight when the signal came is answered; then it exits 0.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { once } from 'node:events';
import { http, type Credentials } from '../support/http-client';
import { waitFor } from '../support/wait-for';
import { OPERATOR, startScaleOut, type Proc, type ScaleOutStack } from './scale-out-stack';

const DRAIN_DELAY_MS = 20_000;

/** GET over `agent` (keep-alive, one socket): the status, the body and whether the socket was reused. */
function get(
  base: string,
  path: string,
  agent?: Agent,
): Promise<{ status: number; body: any; reused: boolean; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          body: text ? JSON.parse(text) : undefined,
          reused: req.reusedSocket,
          connection: res.headers.connection,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('readiness while draining (SIGTERM)', () => {
  let s: ScaleOutStack;
  let worker: { proc: Proc; id: string };
  let cloud: Credentials;

  before(async () => {
    s = await startScaleOut({
      apiProcesses: 1,
      workers: 1,
      env: { API_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS) },
    });
    const [proc] = s.workers;
    const [, id] = await proc!.waitForLine(/^connectplane worker ready: (\S+),/);
    worker = { proc: proc!, id: id! };
  });
  after(async () => {
    try {
      process.kill(s.broker.pid, 'SIGCONT');
    } catch {
      // already gone
    }
    await s?.close();
  });

  const api = (method: string, path: string, body?: unknown) => http(s.apiBase, method, path, { auth: cloud, body });

  it('a worker handing its tasks over: /readyz 503, /livez 200, then exit 0', async () => {
    const tenant = await http(s.apiBase, 'POST', '/operator/v1/organizations', {
      auth: OPERATOR,
      body: { display_name: 'drain' },
    });
    assert.equal(tenant.status, 201, tenant.text);
    cloud = { key: tenant.body.admin.api_key.id, secret: tenant.body.admin.api_key.secret };
    const env = await api('POST', '/org/v2/environments', { display_name: 'drain' });
    const cluster = await api('POST', '/cmk/v2/clusters', {
      spec: {
        display_name: 'drain',
        availability: 'SINGLE_ZONE',
        cloud: 'GCP',
        region: 'us-west4',
        config: { kind: 'Basic' },
        environment: { id: env.body.id },
      },
    });
    assert.equal(cluster.status, 202, cluster.text);
    const key = await api('POST', '/iam/v2/api-keys', {
      spec: {
        owner: { id: tenant.body.admin.service_account.id },
        resource: { id: cluster.body.id, environment: env.body.id },
      },
    });
    const clusterKey = { key: key.body.id, secret: key.body.spec.secret };
    const topic = await http(s.apiBase, 'POST', `/kafka/v3/clusters/${cluster.body.id}/topics`, {
      auth: clusterKey,
      body: { topic_name: 'drain', partitions_count: 1 },
    });
    assert.equal(topic.status, 201, topic.text);
    const connectors = `/connect/v1/environments/${env.body.id}/clusters/${cluster.body.id}/connectors`;
    const sink = await api('POST', connectors, {
      name: 'drain-sink',
      config: {
        'connector.class': 'CollectSink',
        name: 'drain-sink',
        topics: 'drain',
        file: `${s.dataDir}/drain-sink.jsonl`,
        'tasks.max': '1',
        'kafka.api.key': clusterKey.key,
        'kafka.api.secret': clusterKey.secret,
      },
    });
    assert.equal(sink.status, 201, sink.text);
    await waitFor(
      'the sink task RUNNING on the worker',
      async () => {
        const st = (await api('GET', `${connectors}/drain-sink/status`)).body;
        return st.tasks?.[0]?.state === 'RUNNING' && st.tasks[0].worker_id === worker.id;
      },
      60_000,
      100,
    );

    const [, port] = (await worker.proc.waitForLine(/metrics http:\/\/[^:]+:(\d+)\/metrics/))!;
    const ops = `http://127.0.0.1:${port}`;
    assert.equal((await get(ops, '/readyz')).status, 200);
    assert.equal((await get(ops, '/livez')).status, 200);

    // The handover waits on the broker (the sink's consumer leaves its group): paused, it lasts.
    process.kill(s.broker.pid, 'SIGSTOP');
    try {
      const stopping = worker.proc.nextLine(/^connectplane worker stopping/, 30_000, 'stopping line');
      const exited = worker.proc.stop('SIGTERM');
      await stopping;
      const ready = await get(ops, '/readyz');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.status, 'draining');
      assert.equal((await get(ops, '/livez')).status, 200);
      assert.ok(worker.proc.alive, 'still handing over');
      process.kill(s.broker.pid, 'SIGCONT');
      assert.equal((await exited).code, 0);
    } finally {
      process.kill(s.broker.pid, 'SIGCONT');
    }
  });

  it('an API process draining: /readyz 503 on kept-alive and new connections, /livez 200, the request in flight answered, exit 0', async () => {
    const readyAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const liveAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    assert.equal((await get(s.apiBase, '/readyz', readyAgent)).status, 200);
    assert.equal((await get(s.apiBase, '/livez', liveAgent)).status, 200);

    // a request in flight: headers sent, the body not complete yet
    const held = connect(s.apiPort, '127.0.0.1');
    await once(held, 'connect');
    const body = JSON.stringify({ display_name: 'in-flight' });
    held.write(
      [
        'POST /operator/v1/organizations HTTP/1.1',
        `Host: 127.0.0.1:${s.apiPort}`,
        `Authorization: Basic ${Buffer.from(`${OPERATOR.key}:${OPERATOR.secret}`).toString('base64')}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body.slice(0, 5),
      ].join('\r\n'),
    );
    let raw = '';
    held.on('data', (d: Buffer) => (raw += d.toString()));
    held.on('error', () => undefined);
    const heldClosed = once(held, 'close');

    const draining = s.api.nextLine(/"msg":"draining"/, 30_000, 'draining line');
    const exited = s.api.stop('SIGTERM');
    const line = JSON.parse((await draining).input!) as { delay_ms: number };
    assert.equal(line.delay_ms, DRAIN_DELAY_MS);

    const kept = await get(s.apiBase, '/readyz', readyAgent);
    assert.equal(kept.status, 503, JSON.stringify(kept.body));
    assert.ok(kept.reused, 'asked on the connection opened before the signal');
    // the API's own error format (the health details are not exposed)
    assert.equal(kept.body.errors[0].code, 'service_unavailable');
    const live = await get(s.apiBase, '/livez', liveAgent);
    assert.equal(live.status, 200);
    assert.ok(live.reused);
    // during API_DRAIN_DELAY_MS new connections are still accepted, and told the same
    const fresh = await get(s.apiBase, '/readyz');
    assert.equal(fresh.status, 503);
    assert.equal((await get(s.apiBase, '/livez')).status, 200);

    held.write(body.slice(5));
    await heldClosed;
    assert.match(raw, /^HTTP\/1\.1 201 /, raw.slice(0, 200));
    // answered during API_DRAIN_DELAY_MS (keep-alive); the drain then closes the idle connection (heldClosed)
    readyAgent.destroy();
    liveAgent.destroy();
    assert.equal((await exited).code, 0);
    assert.ok(
      s.api.lines.some((l) => /"msg":"stopped"/.test(l) && /"forced":0/.test(l)),
      s.api.tail(10).join('\n'),
    );
  });
});
