// Compatibility levels through the HTTP API, per schema type: for each level, a backward-only, a
// forward-only and a fully compatible evolution are registered (200 or 409) and tested with
// POST /compatibility (verbose reasons); transitive levels are told apart from their plain
// counterparts by a history whose first version the candidate cannot be read with. Also: id
// allocation under concurrent registration.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectSrError, startSr, type SrEnv } from './support';

let env: SrEnv;
before(async () => {
  env = await startSr();
});
after(async () => {
  await env?.api.close();
});

type Kind = 'AVRO' | 'PROTOBUF' | 'JSON';
const LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;

const avro = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'R', namespace: 'io.example', fields });
const proto = (body: string) => `syntax = "proto3";\npackage io.example;\n${body}\n`;
const closed = (properties: Record<string, unknown>) =>
  JSON.stringify({ type: 'object', properties, additionalProperties: false });

interface Evolution {
  old: string;
  neu: string;
}
const SCHEMAS: Record<
  Kind,
  { backwardOnly: Evolution; forwardOnly: Evolution; full: Evolution; history: [string, string, string] }
> = {
  AVRO: {
    // Dropping a field the old schema has without default: new readers ignore it, old readers miss it.
    backwardOnly: {
      old: avro([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
      ]),
      neu: avro([{ name: 'a', type: 'int' }]),
    },
    // Adding a field without default: old readers ignore it, new readers cannot fill it from old data.
    forwardOnly: {
      old: avro([{ name: 'a', type: 'int' }]),
      neu: avro([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
      ]),
    },
    full: {
      old: avro([{ name: 'a', type: 'int' }]),
      neu: avro([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int', default: 0 },
      ]),
    },
    // a: int → string (registered under NONE), then a compatible evolution of the string version.
    history: [
      avro([{ name: 'a', type: 'int' }]),
      avro([{ name: 'a', type: 'string' }]),
      avro([
        { name: 'a', type: 'string' },
        { name: 'b', type: 'int', default: 0 },
      ]),
    ],
  },
  PROTOBUF: {
    // Adding a message: BACKWARD-compatible, not FORWARD (Confluent's MESSAGE_REMOVED the other way).
    backwardOnly: {
      old: proto('message A { string s = 1; }'),
      neu: proto('message A { string s = 1; }\nmessage B { int32 n = 1; }'),
    },
    forwardOnly: {
      old: proto('message A { string s = 1; }\nmessage B { int32 n = 1; }'),
      neu: proto('message A { string s = 1; }'),
    },
    full: { old: proto('message A { string s = 1; }'), neu: proto('message A { string s = 1; int64 t = 2; }') },
    history: [
      proto('message A { string s = 1; }'),
      proto('message A { int32 s = 1; }'),
      proto('message A { int32 s = 1; string t = 2; }'),
    ],
  },
  JSON: {
    // Closed content model: adding a property is backward-only, removing one forward-only.
    backwardOnly: {
      old: closed({ a: { type: 'string' } }),
      neu: closed({ a: { type: 'string' }, b: { type: 'string' } }),
    },
    forwardOnly: {
      old: closed({ a: { type: 'string' }, b: { type: 'string' } }),
      neu: closed({ a: { type: 'string' } }),
    },
    full: { old: closed({ a: { type: 'string' } }), neu: closed({ a: { type: 'string', description: 'the a' } }) },
    history: [
      closed({ a: { type: 'string' } }),
      closed({ a: { type: 'integer' } }),
      closed({ a: { type: 'integer', description: 'the a' } }),
    ],
  },
};

const expected = {
  backwardOnly: (l: string) => l === 'NONE' || l.startsWith('BACKWARD'),
  forwardOnly: (l: string) => l === 'NONE' || l.startsWith('FORWARD'),
  full: () => true,
};

const subjectName = (...parts: string[]) => parts.join('-').toLowerCase();

async function checkEvolution(kind: Kind, scenario: keyof typeof expected, level: string): Promise<void> {
  const { old, neu } = SCHEMAS[kind][scenario];
  const subject = subjectName('cmp', kind, scenario, level);
  const what = `${kind} ${scenario} under ${level}`;
  assert.equal((await env.sr('PUT', `/config/${subject}`, { compatibility: level })).status, 200);
  const first = await env.sr('POST', `/subjects/${subject}/versions`, { schema: old, schemaType: kind });
  assert.equal(first.status, 200, `${what}: first version ${first.text}`);
  const ok = expected[scenario](level);
  const test = await env.sr('POST', `/compatibility/subjects/${subject}/versions/latest?verbose=true`, {
    schema: neu,
    schemaType: kind,
  });
  assert.equal(test.status, 200, test.text);
  assert.equal(test.body.is_compatible, ok, `${what}: compatibility test ${test.text}`);
  if (!ok) assert.ok(test.body.messages.length > 0, `${what}: reasons expected`);
  const terse = await env.sr('POST', `/compatibility/subjects/${subject}/versions/1`, {
    schema: neu,
    schemaType: kind,
  });
  assert.deepEqual(terse.body, { is_compatible: ok });
  const reg = await env.sr('POST', `/subjects/${subject}/versions`, { schema: neu, schemaType: kind });
  if (ok) {
    assert.equal(reg.status, 200, `${what}: ${reg.text}`);
    assert.deepEqual((await env.sr('GET', `/subjects/${subject}/versions`)).body, [1, 2]);
  } else {
    expectSrError(reg, 409, 409, what);
    assert.match(reg.body.message, /incompatible with an earlier schema for subject/);
    assert.match(reg.body.message, /errorType|description/, `${what}: readable reasons in ${reg.body.message}`);
    assert.deepEqual((await env.sr('GET', `/subjects/${subject}/versions`)).body, [1]);
  }
}

async function checkTransitive(kind: Kind, level: 'BACKWARD' | 'FORWARD' | 'FULL', transitive: boolean): Promise<void> {
  const [h1, h2, candidate] = SCHEMAS[kind].history;
  const effective = transitive ? `${level}_TRANSITIVE` : level;
  const subject = subjectName('hist', kind, effective);
  const what = `${kind} history under ${effective}`;
  await env.sr('PUT', `/config/${subject}`, { compatibility: 'NONE' });
  assert.equal((await env.sr('POST', `/subjects/${subject}/versions`, { schema: h1, schemaType: kind })).status, 200);
  assert.equal((await env.sr('POST', `/subjects/${subject}/versions`, { schema: h2, schemaType: kind })).status, 200);
  await env.sr('PUT', `/config/${subject}`, { compatibility: effective });
  // Against all versions the level covers (the transitive level reaches version 1).
  const all = await env.sr('POST', `/compatibility/subjects/${subject}/versions?verbose=true`, {
    schema: candidate,
    schemaType: kind,
  });
  assert.equal(all.body.is_compatible, !transitive, `${what}: ${all.text}`);
  const reg = await env.sr('POST', `/subjects/${subject}/versions`, { schema: candidate, schemaType: kind });
  if (transitive) expectSrError(reg, 409, 409, what);
  else assert.equal(reg.status, 200, `${what}: ${reg.text}`);
}

for (const kind of ['AVRO', 'PROTOBUF', 'JSON'] as const) {
  describe(`${kind} compatibility`, () => {
    for (const scenario of ['backwardOnly', 'forwardOnly', 'full'] as const) {
      test(`${scenario} evolution under every level`, async () => {
        await Promise.all(LEVELS.map((level) => checkEvolution(kind, scenario, level)));
      });
    }
    test('transitive levels check every earlier version, plain levels only the latest', async () => {
      await Promise.all(
        (['BACKWARD', 'FORWARD', 'FULL'] as const).flatMap((level) => [
          checkTransitive(kind, level, false),
          checkTransitive(kind, level, true),
        ]),
      );
    });
  });
}

describe('defaults and type changes', () => {
  test('default level is BACKWARD; a global level applies to subjects without their own', async () => {
    const { forwardOnly } = SCHEMAS.AVRO;
    await env.sr('POST', '/subjects/default-level-value/versions', { schema: forwardOnly.old });
    expectSrError(
      await env.sr('POST', '/subjects/default-level-value/versions', { schema: forwardOnly.neu }),
      409,
      409,
    );
    await env.sr('PUT', '/config', { compatibility: 'FORWARD' });
    try {
      assert.equal(
        (await env.sr('POST', '/subjects/default-level-value/versions', { schema: forwardOnly.neu })).status,
        200,
      );
    } finally {
      await env.sr('DELETE', '/config', undefined, { noSpec: true });
    }
  });

  test('changing the schema type is incompatible except under NONE', async () => {
    await env.sr('POST', '/subjects/type-change-value/versions', { schema: SCHEMAS.AVRO.full.old });
    expectSrError(
      await env.sr('POST', '/subjects/type-change-value/versions', {
        schema: SCHEMAS.JSON.full.old,
        schemaType: 'JSON',
      }),
      409,
      409,
    );
    await env.sr('PUT', '/config/type-change-value', { compatibility: 'NONE' });
    assert.equal(
      (
        await env.sr('POST', '/subjects/type-change-value/versions', {
          schema: SCHEMAS.JSON.full.old,
          schemaType: 'JSON',
        })
      ).status,
      200,
    );
  });

  test('compatibility test against an unknown subject/version: 40401/40402; bad version 42202', async () => {
    const body = { schema: SCHEMAS.AVRO.full.old };
    expectSrError(await env.sr('POST', '/compatibility/subjects/nobody-value/versions/latest', body), 404, 40401);
    await env.sr('POST', '/subjects/cmp-known-value/versions', body);
    expectSrError(await env.sr('POST', '/compatibility/subjects/cmp-known-value/versions/7', body), 404, 40402);
    expectSrError(await env.sr('POST', '/compatibility/subjects/cmp-known-value/versions/zero', body), 422, 42202);
  });
});

describe('concurrent registration', () => {
  test('distinct schemas get distinct ids; identical ones one id and one version; versions never collide', async () => {
    const distinct = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        env.sr('POST', `/subjects/conc-${i}-value/versions`, { schema: avro([{ name: `f${i}`, type: 'int' }]) }),
      ),
    );
    const ids = distinct.map((r) => {
      assert.equal(r.status, 200, r.text);
      return r.body.id as number;
    });
    assert.equal(new Set(ids).size, 16);

    const same = await Promise.all(
      Array.from({ length: 10 }, () =>
        env.sr('POST', '/subjects/conc-same-value/versions', { schema: avro([{ name: 'x', type: 'long' }]) }),
      ),
    );
    assert.equal(new Set(same.map((r) => r.body.id)).size, 1);
    assert.deepEqual((await env.sr('GET', '/subjects/conc-same-value/versions')).body, [1]);

    await env.sr('PUT', '/config/conc-evolve-value', { compatibility: 'NONE' });
    const evolve = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        env.sr('POST', '/subjects/conc-evolve-value/versions', { schema: avro([{ name: `g${i}`, type: 'int' }]) }),
      ),
    );
    for (const r of evolve) assert.equal(r.status, 200, r.text);
    assert.deepEqual((await env.sr('GET', '/subjects/conc-evolve-value/versions')).body, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(new Set(evolve.map((r) => r.body.id)).size, 8);
  });
});
