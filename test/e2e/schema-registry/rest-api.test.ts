// Schema Registry REST API: register/lookup/read paths, ids, config, mode, references, deletes,
// error codes and media types — every response validated against schema-registry-v1.openapi.yaml.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { avroRecord, expectSrError, startSr, type SrEnv } from './support';

let env: SrEnv;
before(async () => {
  env = await startSr();
});
after(async () => {
  await env?.api.close();
});

const v1 = avroRecord('Order', [{ name: 'id', type: 'long' }]);
const v2 = avroRecord('Order', [
  { name: 'id', type: 'long' },
  { name: 'note', type: 'string', default: '' },
]);

describe('register, read, lookup', () => {
  test('register → {id}; identical re-register is idempotent; same schema under another subject reuses the id', async () => {
    const r1 = await env.sr('POST', '/subjects/orders-value/versions', { schema: v1 });
    assert.equal(r1.status, 200, r1.text);
    assert.deepEqual(Object.keys(r1.body), ['id']);
    assert.ok(r1.body.id >= 100001);
    assert.match(r1.headers.get('content-type') ?? '', /application\/vnd\.schemaregistry\.v1\+json/);
    // Same schema, different formatting: same id, no new version.
    const pretty = JSON.stringify(JSON.parse(v1), null, 2);
    const again = await env.sr('POST', '/subjects/orders-value/versions', { schema: pretty, schemaType: 'AVRO' });
    assert.equal(again.body.id, r1.body.id);
    assert.deepEqual((await env.sr('GET', '/subjects/orders-value/versions')).body, [1]);
    const other = await env.sr('POST', '/subjects/orders-copy-value/versions', { schema: v1 });
    assert.equal(other.body.id, r1.body.id);
    const r2 = await env.sr('POST', '/subjects/orders-value/versions', { schema: v2 });
    assert.equal(r2.status, 200);
    assert.ok(r2.body.id > r1.body.id);
    assert.deepEqual((await env.sr('GET', '/subjects/orders-value/versions')).body, [1, 2]);

    const latest = await env.sr('GET', '/subjects/orders-value/versions/latest');
    assert.deepEqual(latest.body, { subject: 'orders-value', version: 2, id: r2.body.id, schema: v2 });
    const first = await env.sr('GET', '/subjects/orders-value/versions/1');
    assert.equal(first.body.id, r1.body.id);
    const raw = await env.sr('GET', '/subjects/orders-value/versions/1/schema', undefined, { noSpec: true });
    assert.equal(raw.status, 200);
    assert.equal(raw.text, v1);

    const byId = await env.sr('GET', `/schemas/ids/${r1.body.id}`);
    assert.deepEqual(byId.body, { schema: v1 });
    assert.match(byId.headers.get('content-type') ?? '', /application\/vnd\.schemaregistry\.v1\+json/);
    assert.ok(byId.headers.get('x-ratelimit-limit'), 'rate-limit headers on the by-id route');
    assert.ok(byId.headers.get('x-request-id'));
    const rawById = await env.sr('GET', `/schemas/ids/${r1.body.id}/schema`, undefined, { noSpec: true });
    assert.equal(rawById.text, v1);
    assert.deepEqual((await env.sr('GET', `/schemas/ids/${r1.body.id}/subjects`)).body, [
      'orders-copy-value',
      'orders-value',
    ]);
    assert.deepEqual((await env.sr('GET', `/schemas/ids/${r1.body.id}/versions`)).body, [
      { subject: 'orders-copy-value', version: 1 },
      { subject: 'orders-value', version: 1 },
    ]);

    const look = await env.sr('POST', '/subjects/orders-value', { schema: pretty });
    assert.equal(look.status, 200);
    assert.deepEqual(look.body, { subject: 'orders-value', version: 1, id: r1.body.id, schema: v1 });
    expectSrError(await env.sr('POST', '/subjects/orders-value', { schema: avroRecord('Nope', []) }), 404, 40403);
    expectSrError(await env.sr('POST', '/subjects/unknown-value', { schema: v1 }), 404, 40401);

    const subjects = await env.sr('GET', '/subjects');
    assert.ok(subjects.body.includes('orders-value') && subjects.body.includes('orders-copy-value'));
    assert.deepEqual((await env.sr('GET', '/subjects?subjectPrefix=orders-c')).body, ['orders-copy-value']);
    assert.deepEqual((await env.sr('GET', '/schemas/types')).body.sort(), ['AVRO', 'JSON', 'PROTOBUF']);
    const schemas = await env.sr('GET', '/schemas?subjectPrefix=orders-value&latestOnly=true');
    assert.deepEqual(
      schemas.body.map((s: { version: number }) => s.version),
      [2],
    );
  });

  test('media types: v1, generic and plain JSON requests are all accepted; Accept is negotiated', async () => {
    for (const ct of [
      'application/vnd.schemaregistry.v1+json',
      'application/vnd.schemaregistry+json',
      'application/json',
    ]) {
      const res = await env.sr(
        'POST',
        '/subjects/media-value/versions',
        { schema: v1 },
        { headers: { 'content-type': ct } },
      );
      assert.equal(res.status, 200, `${ct}: ${res.text}`);
    }
    const generic = await env.sr('GET', '/subjects/media-value/versions', undefined, {
      headers: { accept: 'application/vnd.schemaregistry+json' },
    });
    assert.match(generic.headers.get('content-type') ?? '', /application\/vnd\.schemaregistry\+json/);
    const plain = await env.sr('GET', '/subjects/media-value/versions', undefined, {
      headers: { accept: 'application/json' },
    });
    assert.match(plain.headers.get('content-type') ?? '', /^application\/json/);
  });

  test('Protobuf and JSON Schema carry schemaType; references resolve and show up in referencedby', async () => {
    const proto = 'syntax = "proto3";\npackage io.example;\nmessage Customer { string name = 1; }\n';
    const c = await env.sr('POST', '/subjects/customer.proto/versions', { schema: proto, schemaType: 'PROTOBUF' });
    assert.equal(c.status, 200, c.text);
    const order =
      'syntax = "proto3";\npackage io.example;\nimport "customer.proto";\nmessage POrder { Customer customer = 1; }\n';
    const refs = [{ name: 'customer.proto', subject: 'customer.proto', version: 1 }];
    const o = await env.sr('POST', '/subjects/porders-value/versions', {
      schema: order,
      schemaType: 'PROTOBUF',
      references: refs,
    });
    assert.equal(o.status, 200, o.text);
    const got = await env.sr('GET', '/subjects/porders-value/versions/1');
    assert.equal(got.body.schemaType, 'PROTOBUF');
    assert.deepEqual(got.body.references, refs);
    assert.deepEqual((await env.sr('GET', '/subjects/customer.proto/versions/1/referencedby')).body, [o.body.id]);
    // A referenced version cannot be deleted (42206).
    expectSrError(await env.sr('DELETE', '/subjects/customer.proto/versions/1'), 422, 42206);
    expectSrError(await env.sr('DELETE', '/subjects/customer.proto'), 422, 42206);
    // A missing reference is an invalid schema.
    const bad = await env.sr('POST', '/subjects/porders2-value/versions', {
      schema: order,
      schemaType: 'PROTOBUF',
      references: [{ name: 'customer.proto', subject: 'customer.proto', version: 9 }],
    });
    expectSrError(bad, 422, 42201);

    const js = JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } });
    const j = await env.sr('POST', '/subjects/json-value/versions', { schema: js, schemaType: 'JSON' });
    assert.equal(j.status, 200, j.text);
    assert.deepEqual((await env.sr('GET', `/schemas/ids/${j.body.id}`)).body, { schemaType: 'JSON', schema: js });
  });

  test('metadata and ruleSet: stored, answered on reads and lookups, part of the identity; bad shapes are 42201', async () => {
    const s = avroRecord('Contract', [{ name: 'ssn', type: 'string' }]);
    const plain = await env.sr('POST', '/subjects/contract-value/versions', { schema: s });
    assert.equal(plain.status, 200, plain.text);
    const metadata = { properties: { owner: 'team-a' }, tags: { 'Contract.ssn': ['PII'] }, sensitive: ['ssn'] };
    const ruleSet = {
      domainRules: [
        { name: 'checkSsn', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'size(message.ssn) == 9' },
      ],
    };
    const withContract = await env.sr('POST', '/subjects/contract-value/versions?normalize=true', {
      schema: s,
      metadata,
      ruleSet,
    });
    assert.equal(withContract.status, 200, withContract.text);
    assert.notEqual(withContract.body.id, plain.body.id, 'other metadata: another schema id');
    // the same contract with its keys in another order is the same schema
    const reordered = await env.sr('POST', '/subjects/contract-value/versions', {
      schema: s,
      ruleSet,
      metadata: { sensitive: ['ssn'], tags: metadata.tags, properties: metadata.properties },
    });
    assert.equal(reordered.body.id, withContract.body.id);
    assert.deepEqual((await env.sr('GET', '/subjects/contract-value/versions')).body, [1, 2]);
    const latest = await env.sr('GET', '/subjects/contract-value/versions/latest');
    assert.deepEqual(latest.body, {
      subject: 'contract-value',
      version: 2,
      id: withContract.body.id,
      metadata,
      ruleSet,
      schema: s,
    });
    assert.deepEqual((await env.sr('GET', `/schemas/ids/${withContract.body.id}`)).body, {
      metadata,
      ruleSet,
      schema: s,
    });
    assert.deepEqual((await env.sr('GET', `/schemas/ids/${plain.body.id}`)).body, { schema: s });
    const look = await env.sr('POST', '/subjects/contract-value', { schema: s, metadata, ruleSet });
    assert.equal(look.body.version, 2);
    for (const bad of [{ metadata: 'x' }, { metadata: { tags: [] } }, { ruleSet: { domainRules: {} } }])
      expectSrError(await env.sr('POST', '/subjects/contract-value/versions', { schema: s, ...bad }), 422, 42201);
  });
});

describe('GUIDs', () => {
  test('with Confluent-Accept-Unknown-Properties register and by-id reads carry the GUID; /schemas/guids/{guid} finds the schema', async () => {
    const accept = { headers: { 'confluent-accept-unknown-properties': 'true' }, noSpec: true };
    const s = avroRecord('Guided', [{ name: 'a', type: 'string' }]);
    const plain = await env.sr('POST', '/subjects/guided-value/versions', { schema: s });
    assert.deepEqual(Object.keys(plain.body), ['id']);
    const r = await env.sr('POST', '/subjects/guided-value/versions', { schema: s }, accept);
    assert.equal(r.body.id, plain.body.id);
    assert.match(r.body.guid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // the same schema under another subject is the same schema: same id, same GUID
    const other = await env.sr('POST', '/subjects/guided-copy-value/versions', { schema: s }, accept);
    assert.deepEqual(other.body, r.body);
    assert.deepEqual((await env.sr('GET', `/schemas/ids/${r.body.id}`, undefined, accept)).body, {
      schema: s,
      guid: r.body.guid,
    });
    assert.deepEqual((await env.sr('GET', `/schemas/ids/${r.body.id}`)).body, { schema: s });
    assert.deepEqual(
      (await env.sr('GET', `/schemas/guids/${r.body.guid.toUpperCase()}`, undefined, { noSpec: true })).body,
      { id: r.body.id, schema: s, guid: r.body.guid },
    );
    for (const bad of ['00000000-0000-4000-8000-000000000000', 'not-a-guid'])
      expectSrError(await env.sr('GET', `/schemas/guids/${bad}`, undefined, { noSpec: true }), 404, 40403);
  });
});

describe('config, mode, contexts', () => {
  test('global and subject compatibility levels', async () => {
    assert.deepEqual((await env.sr('GET', '/config')).body, { compatibilityLevel: 'BACKWARD' });
    assert.deepEqual((await env.sr('PUT', '/config', { compatibility: 'full' })).body, { compatibility: 'FULL' });
    assert.deepEqual((await env.sr('GET', '/config')).body, { compatibilityLevel: 'FULL' });
    // DELETE /config answers the previous Config object as the open-source server does (ConfigResource);
    // the Cloud spec documents a bare level string there, so these two are not spec-validated.
    assert.deepEqual((await env.sr('DELETE', '/config', undefined, { noSpec: true })).body, {
      compatibilityLevel: 'FULL',
    });
    assert.deepEqual((await env.sr('GET', '/config')).body, { compatibilityLevel: 'BACKWARD' });
    expectSrError(await env.sr('PUT', '/config', { compatibility: 'SIDEWAYS' }), 422, 42203);
    expectSrError(await env.sr('PUT', '/config', {}), 422, 42203);

    expectSrError(await env.sr('GET', '/config/orders-value', undefined, { noSpec: true }), 404, 40408);
    expectSrError(await env.sr('GET', '/config/nobody-value'), 404, 40401);
    assert.deepEqual((await env.sr('GET', '/config/orders-value?defaultToGlobal=true')).body, {
      compatibilityLevel: 'BACKWARD',
    });
    assert.deepEqual((await env.sr('PUT', '/config/orders-value', { compatibility: 'NONE' })).body, {
      compatibility: 'NONE',
    });
    assert.deepEqual((await env.sr('GET', '/config/orders-value')).body, { compatibilityLevel: 'NONE' });
    assert.deepEqual((await env.sr('DELETE', '/config/orders-value', undefined, { noSpec: true })).body, {
      compatibilityLevel: 'NONE',
    });
    expectSrError(await env.sr('DELETE', '/config/orders-value'), 404, 40401);
  });

  test('compatibilityGroup and metadata/ruleSet defaults and overrides: stored, merged into registrations, cleared by DELETE', async () => {
    const subject = 'grouped-value';
    const group = 'application.major.version';
    const update = {
      compatibility: 'BACKWARD',
      compatibilityGroup: group,
      defaultMetadata: { properties: { owner: 'default-team', [group]: '1' } },
      overrideMetadata: { properties: { owner: 'platform' } },
      defaultRuleSet: { domainRules: [{ name: 'a', kind: 'CONDITION', type: 'CEL', mode: 'WRITE', expr: 'true' }] },
    };
    assert.deepEqual((await env.sr('PUT', `/config/${subject}`, update)).body, update);
    const { compatibility, ...members } = update;
    assert.deepEqual((await env.sr('GET', `/config/${subject}`)).body, {
      compatibilityLevel: compatibility,
      ...members,
    });

    const v1 = avroRecord('Grouped', [{ name: 'a', type: 'string' }]);
    const first = await env.sr('POST', `/subjects/${subject}/versions`, {
      schema: v1,
      metadata: { properties: { owner: 'me', extra: 'x' } },
    });
    assert.equal(first.status, 200, first.text);
    const stored = (await env.sr('GET', `/subjects/${subject}/versions/1`)).body;
    // default under the request's, override over it
    assert.deepEqual(stored.metadata, { properties: { owner: 'platform', [group]: '1', extra: 'x' } });
    assert.deepEqual(stored.ruleSet, update.defaultRuleSet);
    // a breaking change is refused within group 1, accepted as group 2
    const breaking = avroRecord('Grouped', [{ name: 'b', type: 'int' }]);
    expectSrError(await env.sr('POST', `/subjects/${subject}/versions`, { schema: breaking }), 409, 409);
    const major2 = await env.sr('POST', `/subjects/${subject}/versions`, {
      schema: breaking,
      metadata: { properties: { [group]: '2' } },
    });
    assert.equal(major2.status, 200, major2.text);

    // a lookup without metadata finds the version whose schema matches (its metadata came from the config)
    const looked = await env.sr('POST', `/subjects/${subject}`, { schema: v1 });
    assert.equal(looked.body.version, 1, looked.text);
    assert.deepEqual(looked.body.metadata, stored.metadata);
    expectSrError(await env.sr('PUT', `/config/${subject}`, { defaultMetadata: [] }), 422, 42201);
    expectSrError(await env.sr('PUT', `/config/${subject}`, { overrideRuleSet: { domainRules: 1 } }), 422, 42201);
    // only a group: the level shown is the global one
    assert.deepEqual((await env.sr('PUT', '/config/group-only-value', { compatibilityGroup: 'g' })).body, {
      compatibilityGroup: 'g',
    });
    assert.deepEqual((await env.sr('GET', '/config/group-only-value')).body, {
      compatibilityLevel: 'BACKWARD',
      compatibilityGroup: 'g',
    });
    assert.equal((await env.sr('DELETE', `/config/${subject}`, undefined, { noSpec: true })).status, 200);
    expectSrError(await env.sr('GET', `/config/${subject}`, undefined, { noSpec: true }), 404, 40408);
  });

  test('mode: READONLY refuses writes with 42205; IMPORT needs force; invalid mode 42204', async () => {
    assert.deepEqual((await env.sr('GET', '/mode')).body, { mode: 'READWRITE' });
    assert.deepEqual((await env.sr('PUT', '/mode/ro-value', { mode: 'READONLY' })).body, { mode: 'READONLY' });
    assert.deepEqual((await env.sr('GET', '/mode/ro-value')).body, { mode: 'READONLY' });
    expectSrError(await env.sr('POST', '/subjects/ro-value/versions', { schema: v1 }), 422, 42205);
    assert.deepEqual((await env.sr('DELETE', '/mode/ro-value')).body, { mode: 'READONLY' });
    assert.equal((await env.sr('POST', '/subjects/ro-value/versions', { schema: v1 })).status, 200);
    expectSrError(await env.sr('PUT', '/mode', { mode: 'SIDEWAYS' }), 422, 42204);
    expectSrError(await env.sr('PUT', '/mode', { mode: 'IMPORT' }), 422, 42205);
    expectSrError(await env.sr('GET', '/mode/ro-value', undefined, { noSpec: true }), 404, 40409);
    assert.deepEqual((await env.sr('GET', '/mode/ro-value?defaultToGlobal=true')).body, { mode: 'READWRITE' });
    // IMPORT on a fresh subject: the id and version come from the request.
    assert.deepEqual((await env.sr('PUT', '/mode/imported-value', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
    const imp = await env.sr('POST', '/subjects/imported-value/versions', {
      schema: avroRecord('Imp', []),
      id: 424242,
      version: 7,
    });
    assert.equal(imp.status, 200, imp.text);
    assert.equal(imp.body.id, 424242);
    assert.deepEqual((await env.sr('GET', '/subjects/imported-value/versions')).body, [7]);
    expectSrError(
      await env.sr('POST', '/subjects/rw-value/versions', { schema: avroRecord('Imp2', []), id: 5 }),
      422,
      42205,
    );
    // New ids keep going above imported ones.
    const next = await env.sr('POST', '/subjects/after-import-value/versions', {
      schema: avroRecord('AfterImport', []),
    });
    assert.ok(next.body.id > 424242);
  });

  test('contexts list the default context and qualified ones in use', async () => {
    assert.equal(
      (await env.sr('POST', `/subjects/${encodeURIComponent(':.team-a:ctx-value')}/versions`, { schema: v1 })).status,
      200,
    );
    assert.deepEqual((await env.sr('GET', '/contexts')).body, ['.', '.team-a']);
  });
});

describe('context URL form', () => {
  test('/contexts/{ctx}/… addresses qualified subjects; context-level config applies to them', async () => {
    const ns = { noSpec: true };
    const reg = await env.sr('POST', '/contexts/.team-b/subjects/orders-value/versions', { schema: v1 }, ns);
    assert.equal(reg.status, 200, reg.text);
    assert.deepEqual((await env.sr('GET', '/contexts/.team-b/subjects', undefined, ns)).body, [
      ':.team-b:orders-value',
    ]);
    assert.deepEqual(
      (await env.sr('GET', `/subjects/${encodeURIComponent(':.team-b:orders-value')}/versions`)).body,
      [1],
    );
    const latest = await env.sr('GET', '/contexts/team-b/subjects/orders-value/versions/latest', undefined, ns);
    assert.equal(latest.body.subject, ':.team-b:orders-value');
    assert.equal((await env.sr('GET', `/contexts/.team-b/schemas/ids/${reg.body.id}`, undefined, ns)).body.schema, v1);
    // A context-level level (stored under `:.team-b:`) applies to the context's subjects.
    const incompatible = avroRecord('Order', [{ name: 'other', type: 'string' }]);
    expectSrError(
      await env.sr('POST', '/contexts/.team-b/subjects/orders-value/versions', { schema: incompatible }, ns),
      409,
      409,
    );
    assert.equal((await env.sr('PUT', '/contexts/.team-b/config', { compatibility: 'NONE' }, ns)).status, 200);
    assert.deepEqual((await env.sr('GET', `/config/${encodeURIComponent(':.team-b:')}`)).body, {
      compatibilityLevel: 'NONE',
    });
    assert.equal(
      (await env.sr('POST', '/contexts/.team-b/subjects/orders-value/versions', { schema: incompatible }, ns)).status,
      200,
    );
    const compat = await env.sr(
      'POST',
      '/contexts/.team-b/compatibility/subjects/orders-value/versions/latest',
      { schema: v1 },
      ns,
    );
    assert.deepEqual(compat.body, { is_compatible: true });
    // The default context's subjects are unaffected.
    expectSrError(await env.sr('POST', '/subjects/orders-value/versions', { schema: incompatible }), 409, 409);
    assert.ok((await env.sr('GET', '/contexts')).body.includes('.team-b'));
  });
});

describe('deletes', () => {
  test('soft then permanent, with Confluent codes 40404/40405/40406/40407', async () => {
    const s = 'del-value';
    const a = await env.sr('POST', `/subjects/${s}/versions`, {
      schema: avroRecord('Del', [{ name: 'a', type: 'int' }]),
    });
    await env.sr('POST', `/subjects/${s}/versions`, {
      schema: avroRecord('Del', [
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int', default: 0 },
      ]),
    });
    await env.sr('POST', `/subjects/${s}/versions`, {
      schema: avroRecord('Del', [
        { name: 'a', type: 'int' },
        { name: 'c', type: 'int', default: 0 },
      ]),
    });

    expectSrError(await env.sr('DELETE', `/subjects/${s}/versions/2?permanent=true`), 404, 40407);
    assert.equal((await env.sr('DELETE', `/subjects/${s}/versions/2`)).body, 2);
    expectSrError(await env.sr('DELETE', `/subjects/${s}/versions/2`), 404, 40406);
    assert.deepEqual((await env.sr('GET', `/subjects/${s}/versions`)).body, [1, 3]);
    assert.deepEqual((await env.sr('GET', `/subjects/${s}/versions?deleted=true`)).body, [1, 2, 3]);
    assert.deepEqual((await env.sr('GET', `/subjects/${s}/versions?deletedOnly=true`)).body, [2]);
    expectSrError(await env.sr('GET', `/subjects/${s}/versions/2`), 404, 40402);
    assert.equal((await env.sr('GET', `/subjects/${s}/versions/2?deleted=true`)).body.version, 2);
    assert.equal((await env.sr('DELETE', `/subjects/${s}/versions/2?permanent=true`)).body, 2);
    expectSrError(await env.sr('GET', `/subjects/${s}/versions/2?deleted=true`), 404, 40402);

    expectSrError(await env.sr('DELETE', `/subjects/${s}?permanent=true`), 404, 40405);
    assert.deepEqual((await env.sr('DELETE', `/subjects/${s}`)).body, [1, 3]);
    expectSrError(await env.sr('DELETE', `/subjects/${s}`), 404, 40404);
    assert.ok(!(await env.sr('GET', '/subjects')).body.includes(s));
    assert.ok((await env.sr('GET', '/subjects?deleted=true')).body.includes(s));
    assert.ok((await env.sr('GET', '/subjects?deletedOnly=true')).body.includes(s));
    expectSrError(await env.sr('GET', `/subjects/${s}/versions`), 404, 40401);
    // Soft-deleted schemas stay resolvable by id.
    assert.equal((await env.sr('GET', `/schemas/ids/${a.body.id}`)).status, 200);
    // Re-registering after a soft delete continues the version numbers.
    assert.deepEqual((await env.sr('DELETE', `/subjects/${s}?permanent=true`)).body, [1, 3]);
    expectSrError(await env.sr('GET', `/schemas/ids/${a.body.id}`), 404, 40403);
    expectSrError(await env.sr('DELETE', `/subjects/${s}`), 404, 40401);
    expectSrError(await env.sr('DELETE', `/subjects/${s}/versions/1`), 404, 40401);
  });
});

describe('bad input → 4xx with Confluent codes, never 5xx', () => {
  const cases: Array<[string, string, unknown, number, number]> = [
    [
      'invalid Avro',
      '/subjects/bad-value/versions',
      { schema: '{"type":"record","name":"X","fields":[{"name":"a","type":"nosuchtype"}]}' },
      422,
      42201,
    ],
    ['Avro that is not JSON', '/subjects/bad-value/versions', { schema: '{not json' }, 422, 42201],
    [
      'invalid Protobuf',
      '/subjects/bad-value/versions',
      { schema: 'message X { strin a = 1 }', schemaType: 'PROTOBUF' },
      422,
      42201,
    ],
    [
      'invalid JSON Schema',
      '/subjects/bad-value/versions',
      { schema: '{"type":"objekt"}', schemaType: 'JSON' },
      422,
      42201,
    ],
    ['unknown schemaType', '/subjects/bad-value/versions', { schema: '"string"', schemaType: 'XML' }, 422, 42201],
    ['missing schema', '/subjects/bad-value/versions', {}, 422, 42201],
    ['schema not a string', '/subjects/bad-value/versions', { schema: 42 }, 422, 42201],
    ['references not an array', '/subjects/bad-value/versions', { schema: '"string"', references: 'x' }, 422, 42201],
    ['deeply nested', '/subjects/bad-value/versions', { schema: '['.repeat(5000) + ']'.repeat(5000) }, 422, 42201],
    [
      'huge protobuf block',
      '/subjects/bad-value/versions',
      {
        schema: `syntax = "proto3"; message M { ${Array.from({ length: 2500 }, (_, i) => `int32 f${i} = ${i + 1};`).join(' ')} }`,
        schemaType: 'PROTOBUF',
      },
      422,
      42201,
    ],
    [
      'compatibility with bad body',
      '/compatibility/subjects/orders-value/versions/latest',
      { schema: '{' },
      422,
      42201,
    ],
  ];
  for (const [what, path, body, status, code] of cases) {
    test(what, async () => expectSrError(await env.sr('POST', path, body), status, code, what));
  }

  test('a large valid schema (6,000 fields, ~300 KB) registers, re-registers idempotently and evolves', async () => {
    const fields = Array.from({ length: 6000 }, (_, i) => ({ name: `field_${i}`, type: 'string', default: '' }));
    const big = avroRecord('Big', fields);
    assert.ok(big.length > 250_000);
    const first = await env.sr('POST', '/subjects/big-value/versions', { schema: big });
    assert.equal(first.status, 200, first.text.slice(0, 300));
    assert.equal((await env.sr('POST', '/subjects/big-value/versions', { schema: big })).body.id, first.body.id);
    const evolved = avroRecord('Big', [...fields, { name: 'extra', type: 'int', default: 0 }]);
    const second = await env.sr('POST', '/subjects/big-value/versions', { schema: evolved });
    assert.equal(second.status, 200, second.text.slice(0, 300));
    assert.equal((await env.sr('GET', `/schemas/ids/${second.body.id}`)).body.schema, evolved);
  });

  test('a subject with control characters → 42208', async () => {
    expectSrError(await env.sr('POST', '/subjects/bad%01subject/versions', { schema: '"string"' }), 422, 42208);
  });

  test('bad version numbers → 42202', async () => {
    for (const v of ['0', '-2', 'abc', '2147483648', '1.5']) {
      expectSrError(await env.sr('GET', `/subjects/orders-value/versions/${v}`), 422, 42202, `version ${v}`);
      expectSrError(await env.sr('DELETE', `/subjects/orders-value/versions/${v}`), 422, 42202, `delete version ${v}`);
    }
    expectSrError(await env.sr('GET', '/subjects/orders-value/versions/99'), 404, 40402);
    expectSrError(await env.sr('GET', '/schemas/ids/999999'), 404, 40403);
    expectSrError(await env.sr('GET', '/schemas/ids/abc', undefined, { noSpec: true }), 404, 40403);
  });

  test('a body over the size limit is a 413 in the SR error format; malformed JSON a 400', async () => {
    const huge = await env.sr(
      'POST',
      '/subjects/huge-value/versions',
      {
        schema: JSON.stringify({
          type: 'enum',
          name: 'E',
          symbols: Array.from({ length: 200_000 }, (_, i) => `S${i}`),
        }),
      },
      { noSpec: true },
    );
    assert.equal(huge.status, 413, huge.text);
    assert.equal(huge.body.error_code, 413);
    const malformed = await env.api.request('POST', '/subjects/x/versions', {
      auth: env.key,
      rawBody: '{"schema":',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error_code, 400);
  });
});
