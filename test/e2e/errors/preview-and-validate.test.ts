/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Through the API only (no broker, no worker): POST …/connectors/preview runs a config's converters
// and transforms on inline sample records (reading a topic: status-trace.test.ts, with a broker) (before/after, per-record errors with their stage) and
// creates nothing; the validate response carries the errors.* keys and their cross-field errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type ApiHarness } from '../../support/api-harness';
import { connectTenant, type ConnectTenant } from '../connect-api/support';

describe('transform preview and errors.* validation (Connect v1)', () => {
  let api: ApiHarness;
  let t: ConnectTenant;
  const req = (method: string, path: string, body?: unknown) =>
    api.request<any>(method, `${t.base}${path}`, { auth: t.admin, body });

  before(async () => {
    api = await startApi();
    t = await connectTenant(api);
  });
  after(() => api.close());

  const sink = {
    'connector.class': 'CollectSink',
    topics: 'orders',
    file: '/tmp/never-written.jsonl',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    transforms: 'cast,tag',
    'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
    'transforms.cast.spec': 'n:int32',
    'transforms.tag.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
    'transforms.tag.static.field': 'src',
    'transforms.tag.static.value': 'preview',
  };

  it('sink config: converter → transforms per record, with the failing stage', async () => {
    const res = await req('POST', '/connectors/preview', {
      config: sink,
      records: [
        { key: 'a', value: { n: '5' }, headers: { h: 'x' } },
        { key: 'b', value: '{not json' },
        { key: 'c', value: { n: 'abc' } },
      ],
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.type, 'sink');
    const [ok, badJson, badCast] = res.body.records;
    assert.deepEqual(ok.after, {
      topic: 'orders',
      partition: 0,
      key: 'a',
      value: { n: 5, src: 'preview' },
      headers: { h: 'x' },
    });
    assert.equal(ok.error, null);
    assert.deepEqual(ok.before, { key: 'a', value: { n: '5' }, headers: { h: 'x' } });
    assert.equal(badJson.after, null);
    assert.equal(badJson.error.stage, 'VALUE_CONVERTER');
    assert.equal(badJson.error.class, 'org.apache.kafka.connect.json.JsonConverter');
    assert.match(badJson.error.exception, /DataException$/);
    assert.equal(badCast.error.stage, 'TRANSFORMATION');
    assert.equal(badCast.error.class, 'org.apache.kafka.connect.transforms.Cast$Value');
    assert.ok(badCast.error.message.length > 0);
    // nothing was created
    const list = await req('GET', '/connectors');
    assert.deepEqual(list.body, []);
  });

  it('source config: transforms → converters (the bytes that would be produced); a dropped record', async () => {
    const res = await req('POST', '/connectors/preview', {
      config: {
        'connector.class': 'CounterSource',
        topic: 'counted',
        transforms: 'drop,route',
        'transforms.drop.type': 'org.apache.kafka.connect.transforms.Filter',
        'transforms.drop.predicate': 'isTombstone',
        'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
        'transforms.route.regex': '(.*)',
        'transforms.route.replacement': '$1-v2',
        predicates: 'isTombstone',
        'predicates.isTombstone.type': 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
      },
      records: [
        { key: 'task-0', value: { task: 0, n: 1 } },
        { key: 'gone', value: null },
      ],
      limit: 5,
    });
    assert.equal(res.status, 200, res.text);
    const [one, tomb] = res.body.records;
    assert.deepEqual(one.after, {
      topic: 'counted-v2',
      partition: null,
      key: 'task-0',
      value: '{"task":0,"n":1}',
      headers: {},
    });
    assert.equal(tomb.dropped, true);
    assert.equal(tomb.after, null);
  });

  it('bad requests: invalid transform config, a source config with topic, no records, unknown plugin; auth required', async () => {
    const bad = await req('POST', '/connectors/preview', {
      config: { ...sink, 'transforms.cast.spec': 'n:nope' },
      records: [{ value: {} }],
    });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.body.error.message, /nope/);
    const sourceFromTopic = await req('POST', '/connectors/preview', {
      config: { 'connector.class': 'CounterSource', topic: 'x' },
      topic: 'orders',
    });
    assert.equal(sourceFromTopic.status, 400);
    assert.match(sourceFromTopic.body.error.message, /sink connector config only/);
    const nothing = await req('POST', '/connectors/preview', { config: sink });
    assert.equal(nothing.status, 400);
    const unknown = await req('POST', '/connectors/preview', {
      config: { 'connector.class': 'Nope' },
      records: [{ value: 1 }],
    });
    assert.equal(unknown.status, 400);
    const anon = await api.request<any>('POST', `${t.base}/connectors/preview`, {
      body: { config: sink, records: [{ value: 1 }] },
    });
    assert.equal(anon.status, 401);
  });

  it('the preview route is in the Swagger document', async () => {
    const doc = await api.request<any>('GET', '/openapi.json', {});
    assert.equal(doc.status, 200, doc.text);
    const path = Object.keys(doc.body.paths).find((k) =>
      /\/connect\/v1\/environments\/\{[^}]+\}\/clusters\/\{[^}]+\}\/connectors\/preview$/.test(k),
    );
    assert.ok(path, 'preview path documented');
    assert.ok(doc.body.paths[path].post.requestBody, 'with its request body');
  });

  it('validate: errors.* keys for sources and sinks; a DLQ that is an input topic is an error', async () => {
    const res = await req('PUT', '/connector-plugins/CollectSink/config/validate', {
      ...sink,
      'errors.deadletterqueue.topic.name': 'orders',
      'errors.window.size': '10',
      'errors.window.max.errors': '20',
    });
    assert.equal(res.status, 200, res.text);
    const byName = new Map<string, any>(res.body.configs.map((c: any) => [c.value.name, c]));
    for (const k of [
      'errors.tolerance',
      'errors.retry.timeout',
      'errors.retry.delay.max.ms',
      'errors.log.enable',
      'errors.log.include.messages',
      'errors.deadletterqueue.topic.name',
      'errors.deadletterqueue.topic.replication.factor',
      'errors.deadletterqueue.context.headers.enable',
      'errors.window.size',
      'errors.window.max.errors',
    ])
      assert.ok(byName.has(k), k);
    assert.match(
      byName.get('errors.deadletterqueue.topic.name').value.errors.join(),
      /may not be included in the list of topics/,
    );
    assert.match(byName.get('errors.window.max.errors').value.errors.join(), /cannot exceed/);
    const src = await req('PUT', '/connector-plugins/CounterSource/config/validate', {
      'connector.class': 'CounterSource',
      topic: 'counted',
      'errors.deadletterqueue.topic.name': 'counted-dlq',
    });
    assert.equal(src.status, 200, src.text);
    const srcKeys = src.body.configs.map((c: any) => c.value.name);
    assert.ok(srcKeys.includes('errors.deadletterqueue.topic.name'));
  });
});
