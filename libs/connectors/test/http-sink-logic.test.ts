// HttpSinkV2's pure logic: templates, routing and rendering, batching, status-code lists, backoff,
// the reporting records, and validate's errors on the right property.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaBuilder, Schemas, SinkRecord, Struct } from '@libs/connect-spi';
import { HttpSinkConnector } from '@libs/connectors';
import { EgressPolicy } from '../src/egress/egress-policy';
import { httpSinkHooks } from '../src/http-sink/http-sink-task';
import { apiFor, parseHttpSinkConfig } from '../src/http-sink/http-sink-config';
import { renderRecord, type RenderedRecord } from '../src/http-sink/request-builder';
import { batchBody, toBatches } from '../src/http-sink/batching';
import { parseStatusCodes, isRetriableStatus } from '../src/http-sink/status-codes';
import { backoffMs, retryAfterMs } from '../src/http-sink/retry-policy';
import { renderTemplate, parsePairs } from '../src/http-sink/templates';
import { errorRecord, errorString, successRecord } from '../src/http-sink/report-records';

const rec = (value: unknown, key: unknown = 'k1', offset = 0, topic = 'orders', schema = null as never) =>
  new SinkRecord(topic, 0, Schemas.OPTIONAL_STRING_SCHEMA, key, schema, value, offset, 1700000000000, 'CreateTime');

const base = { name: 'h', 'http.api.base.url': 'http://api.test/v1', topics: 'orders', 'tasks.max': '1' };

describe('HttpSinkV2 templates', () => {
  it('replaces ${topic}, ${key} and (nested) value fields; unknown placeholders stay', () => {
    const s = SchemaBuilder.struct().field('id', Schemas.INT32_SCHEMA).field('c', Schemas.STRING_SCHEMA).build();
    const v = new Struct(s).put('id', 7).put('c', 'x y');
    const r = rec(v, 'K/1', 3, 'orders', s as never);
    assert.equal(renderTemplate('/t/${topic}/${key}/${id}/${nope}', r), '/t/orders/K/1/7/${nope}');
    assert.equal(renderTemplate('${key}-${c}', r, encodeURIComponent), 'K%2F1-x%20y');
    assert.equal(renderTemplate('${a.b}', rec({ a: { b: 5 } })), '5');
  });

  it('parses Name:value|Name:value lists (first separator only)', () => {
    assert.deepEqual(parsePairs('A:1|B: http://x:2 ', '|', ':'), [
      ['A', '1'],
      ['B', 'http://x:2'],
    ]);
    assert.deepEqual(parsePairs('', '|', ':'), []);
  });
});

describe('HttpSinkV2 requests and batching', () => {
  it('URL = base + templated path + path and query parameters; DELETE appends /${key}', () => {
    const c = parseHttpSinkConfig({
      ...base,
      'api1.http.api.path': '/orders/${region}/${topic}',
      'api1.http.path.parameters': 'region:eu-${key}',
      'api1.http.request.parameters': 'a=1&b=${key}',
    });
    const api = apiFor(c, 'orders')!;
    const out = renderRecord(c.baseUrl, api, rec({ n: 1 })) as RenderedRecord;
    assert.equal(out.url, 'http://api.test/v1/orders/eu-k1/orders?a=1&b=k1');
    assert.equal(out.payload, '{"n":1}');
    const del = parseHttpSinkConfig({ ...base, 'api1.http.api.path': '/items', 'api1.http.request.method': 'DELETE' });
    const d = renderRecord(del.baseUrl, del.apis[0], rec({ n: 1 }, 'a b')) as RenderedRecord;
    assert.equal(d.url, 'http://api.test/v1/items/a%20b');
    assert.equal(d.payload, null);
  });

  it('tombstones: IGNORE skips, DELETE sends a DELETE, FAIL is an error', () => {
    const mk = (b: string) =>
      parseHttpSinkConfig({ ...base, 'api1.http.api.path': '/x', 'api1.behavior.on.null.values': b });
    assert.deepEqual(renderRecord('http://h', mk('IGNORE').apis[0], rec(null)), { skip: true });
    const d = renderRecord('http://h', mk('DELETE').apis[0], rec(null)) as RenderedRecord;
    assert.equal(d.method, 'DELETE');
    assert.equal(d.url, 'http://h/x/k1');
    const f = renderRecord('http://h', mk('FAIL').apis[0], rec(null));
    assert.ok('error' in f && /behavior.on.null.values=FAIL/.test(f.error.message));
  });

  it('JSON arrays, or prefix + separator + suffix; max.batch.size and batch keys cut batches', () => {
    const json = parseHttpSinkConfig({ ...base, 'api1.max.batch.size': '2', 'api1.batch.json.as.array': 'true' });
    const items = [1, 2, 3].map((n) => renderRecord(json.baseUrl, json.apis[0], rec({ n }, 'k', n)) as RenderedRecord);
    const batches = toBatches(json.apis[0], items);
    assert.deepEqual(
      batches.map((b) =>
        batchBody(
          json.apis[0],
          b.items.map((i) => i.payload),
        ),
      ),
      ['[{"n":1},{"n":2}]', '[{"n":3}]'],
    );
    const str = parseHttpSinkConfig({
      ...base,
      'api1.request.body.format': 'STRING',
      'api1.max.batch.size': '10',
      'api1.batch.prefix': '<',
      'api1.batch.suffix': '>',
      'api1.batch.separator': '\\n', // typed as an escape
      'api1.batch.key.pattern': '${key}',
    });
    const its = ['a', 'b', 'c'].map(
      (v, i) => renderRecord(str.baseUrl, str.apis[0], rec(v, i === 1 ? 'other' : 'k', i)) as RenderedRecord,
    );
    const bs = toBatches(str.apis[0], its);
    assert.deepEqual(
      bs.map((b) =>
        batchBody(
          str.apis[0],
          b.items.map((i) => i.payload),
        ),
      ),
      ['<a\nc>', '<b>'],
    );
  });

  it('http.request.body templates and regex rewrites', () => {
    const c = parseHttpSinkConfig({
      ...base,
      'api1.http.request.body': '{"id":"${key}","t":"${topic}"}',
      'api1.regex.patterns': 'orders',
      'api1.regex.replacements': 'ORDERS-${key}',
    });
    assert.equal(
      (renderRecord(c.baseUrl, c.apis[0], rec({})) as RenderedRecord).payload,
      '{"id":"k1","t":"ORDERS-k1"}',
    );
  });

  it('routes topics to APIs (the last listing wins) and sensitive headers win', () => {
    const c = parseHttpSinkConfig({
      ...base,
      topics: 'a,b',
      'apis.num': '2',
      'api1.topics': 'a,b',
      'api2.topics': 'b',
      'api1.http.request.headers': 'X-A:1|X-Token:public',
      'api1.http.request.sensitive.headers': 'X-Token:secret',
    });
    assert.equal(apiFor(c, 'a')!.index, 1);
    assert.equal(apiFor(c, 'b')!.index, 2);
    assert.deepEqual(c.apis[0].headers, [
      ['X-A', '1'],
      ['X-Token', 'secret'],
    ]);
    assert.equal(c.resultTopic, 'success-h');
    assert.equal(c.errorTopic, 'error-h');
  });
});

describe('HttpSinkV2 retry policy', () => {
  it('status code lists and ranges; 401/408/429/504 always retried; 2xx never', () => {
    const m = parseStatusCodes('404,408,500-');
    assert.ok(typeof m === 'function');
    assert.equal(isRetriableStatus(404, m), true);
    assert.equal(isRetriableStatus(400, m), false);
    assert.equal(isRetriableStatus(503, m), true);
    assert.equal(isRetriableStatus(429, m), true);
    assert.equal(isRetriableStatus(200, m), false);
    const r = parseStatusCodes('400-500');
    assert.ok(typeof r === 'function' && r(500) && !r(501));
    assert.match(String(parseStatusCodes('abc')), /not a status code/);
  });

  it('constant and exponential-with-jitter backoff, capped; Retry-After', () => {
    assert.equal(backoffMs('CONSTANT_VALUE', 300, 5), 300);
    assert.equal(
      backoffMs('EXPONENTIAL_WITH_JITTER', 100, 1, () => 0),
      50,
    );
    assert.equal(
      backoffMs('EXPONENTIAL_WITH_JITTER', 100, 3, () => 1),
      400,
    );
    assert.equal(
      backoffMs('EXPONENTIAL_WITH_JITTER', 1000, 40, () => 1),
      60_000,
    );
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 9_000), 1000);
    assert.equal(retryAfterMs(undefined), null);
  });
});

describe('HttpSinkV2 reporting records', () => {
  it('success: the response as a JSON string, input_record_* headers', () => {
    const r = successRecord(rec({}, 'k', 4), 200, '{"ok":true}', false);
    assert.equal(r.value, '"{\\"ok\\":true}"');
    assert.deepEqual(r.headers, {
      input_record_topic: 'orders',
      input_record_partition: '0',
      input_record_offset: '4',
      input_record_timestamp: '1700000000000',
    });
    assert.equal(successRecord(rec({}), 201, 'x', true).value, '"201"');
    // the records of a batch carry their response body (its JSON text is made once per response)
    const big = 'x'.repeat(100_000);
    assert.ok(
      Object.is(
        successRecord(rec({}, 'a', 1), 200, big, false).value,
        successRecord(rec({}, 'b', 2), 200, big, false).value,
      ),
    );
  });

  it('error: Confluent’s error string and headers', () => {
    const info = {
      status: 404,
      reason: 'Not Found',
      url: 'http://x/404',
      responseContent: 'nope',
      exception: null,
      errorMessage: null,
    };
    assert.equal(
      errorString(info),
      'Retry time lapsed, unable to process HTTP request. HTTP Response code: 404, Reason phrase: Not Found, Url: http://x/404, Response content: nope, Exception: null, Error message: null',
    );
    const e = errorRecord(rec({}), '{"a":1}', info, 'Http response');
    assert.equal(e.value, '"nope"');
    assert.equal(e.headers.status_code, '404');
    assert.equal(e.headers.payload, '{"a":1}');
    assert.equal(e.headers.exception, null);
  });
});

describe('HttpSinkV2 validate', () => {
  const errorsOf = async (props: Record<string, string>) => {
    const res = await new HttpSinkConnector().validate(props);
    return Object.fromEntries(
      res.configValues.filter((c) => c.errorMessages.length > 0).map((c) => [c.name, c.errorMessages]),
    );
  };

  it('puts each error on its property', async () => {
    httpSinkHooks.policy = new EgressPolicy({ devMode: true, deny: ['10.9.9.9'] });
    try {
      const e = await errorsOf({
        ...base,
        'http.api.base.url': 'ftp://x',
        'auth.type': 'OAUTH2',
        'oauth2.client.auth.mode': 'nope',
        'api1.max.batch.size': '5',
        'api1.retry.on.status.codes': '5xx',
        'api1.http.request.method': 'TRACE',
        'behavior.on.error': 'LOG',
      });
      assert.match(e['http.api.base.url'][0], /must be an http/);
      assert.match(e['oauth2.token.url'][0], /required when auth.type is OAUTH2/);
      assert.match(e['oauth2.client.id'][0], /required/);
      assert.match(e['oauth2.client.secret'][0], /required/);
      assert.match(e['oauth2.client.auth.mode'][0], /header, url, request_body/);
      assert.match(e['api1.batch.json.as.array'][0], /may be false only when api1.max.batch.size is 1/);
      assert.match(e['api1.retry.on.status.codes'][0], /'5xx' is not a status code/);
      assert.match(e['api1.http.request.method'][0], /POST, PUT, PATCH, GET, DELETE/);
      assert.match(e['behavior.on.error'][0], /FAIL, IGNORE/);
      const ok = await errorsOf({
        ...base,
        'http.api.base.url': 'http://127.0.0.1:9/v1',
        'auth.type': 'BASIC',
        'connection.user': 'u',
        'connection.password': 'p',
      });
      assert.deepEqual(ok, {});
      const denied = await errorsOf({ ...base, 'http.api.base.url': 'http://10.9.9.9:8080/x' });
      assert.match(
        denied['http.api.base.url'][0],
        /^Invalid value http:\/\/10\.9\.9\.9:8080\/x for configuration http\.api\.base\.url: .*denied/,
      );
    } finally {
      httpSinkHooks.policy = null;
    }
  });

  it('declares Confluent’s groups and PASSWORD types', () => {
    const def = new HttpSinkConnector().config();
    assert.ok(def.groups().includes('Authentication'));
    assert.ok(def.groups().includes('API-1 Configs'));
    assert.ok(def.groups().includes('API-15 Configs'));
    for (const k of [
      'connection.password',
      'bearer.token',
      'oauth2.client.secret',
      'api1.http.request.sensitive.headers',
      'https.ssl.keystorefile',
    ])
      assert.equal(def.configKeys.get(k)?.type, 'PASSWORD', k);
  });
});
