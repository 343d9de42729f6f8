import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  getSchemaProvider,
  incompatibleSchemaError,
  InvalidSchemaError,
  parseRegisterRequest,
  parseVersion,
  resolveReferences,
  SchemaRegistryError,
} from '@libs/schema-registry';

describe('request helpers', () => {
  it('parses versions; bad ones are 42202', () => {
    assert.equal(parseVersion('3'), 3);
    assert.equal(parseVersion('latest'), 'latest');
    assert.equal(parseVersion('-1'), 'latest');
    assert.equal(parseVersion(String(2 ** 31 - 1)), 2 ** 31 - 1);
    for (const bad of ['0', '-2', 'abc', '1.5', String(2 ** 31), '', '1e3']) {
      assert.throws(
        () => parseVersion(bad),
        (e: unknown) => e instanceof SchemaRegistryError && e.errorCode === 42202 && e.httpStatus === 422,
        bad,
      );
    }
  });

  it('validates register bodies with 42201', () => {
    assert.deepEqual(parseRegisterRequest({ schema: '"string"' }), {
      schema: '"string"',
      schemaType: 'AVRO',
      references: [],
    });
    assert.equal(parseRegisterRequest({ schema: '{}', schemaType: 'json' }).schemaType, 'JSON');
    const metadata = { properties: { owner: 'a' }, custom: 1 };
    const ruleSet = { domainRules: [{ name: 'r' }] };
    assert.deepEqual(parseRegisterRequest({ schema: '"string"', metadata, ruleSet, extra: true }), {
      schema: '"string"',
      schemaType: 'AVRO',
      references: [],
      metadata,
      ruleSet,
    });
    assert.equal('metadata' in parseRegisterRequest({ schema: '"string"', metadata: null }), false);
    for (const bad of [
      null,
      [],
      'x',
      {},
      { schema: '' },
      { schema: 5 },
      { schema: '{}', schemaType: 'XML' },
      { schema: '{}', references: {} },
      { schema: '{}', references: [{ name: 'a' }] },
      { schema: '{}', references: [{ name: 'a', subject: 's', version: 0 }] },
      { schema: '{}', metadata: [] },
      { schema: '{}', metadata: { properties: 'x' } },
      { schema: '{}', metadata: { sensitive: {} } },
      { schema: '{}', ruleSet: 'x' },
      { schema: '{}', ruleSet: { migrationRules: {} } },
      {
        schema: '{}',
        references: [
          { name: 'a', subject: 's', version: 1 },
          { name: 'a', subject: 't', version: 1 },
        ],
      },
    ]) {
      assert.throws(
        () => parseRegisterRequest(bad),
        (e: unknown) => e instanceof InvalidSchemaError && e.errorCode === 42201,
        JSON.stringify(bad),
      );
    }
  });

  it('resolves references recursively and refuses missing ones', async () => {
    const store: Record<
      string,
      { schema: string; references: Array<{ name: string; subject: string; version: number }> }
    > = {
      'a/1': {
        schema: '{"type":"record","name":"A","fields":[{"name":"b","type":"B"}]}',
        references: [{ name: 'B', subject: 'b', version: 1 }],
      },
      'b/1': { schema: '{"type":"record","name":"B","fields":[{"name":"x","type":"int"}]}', references: [] },
    };
    const load = async (subject: string, version: number) => store[`${subject}/${version}`];
    const refs = await resolveReferences([{ name: 'A', subject: 'a', version: 1 }], load);
    const parsed = getSchemaProvider('AVRO').parse(
      '{"type":"record","name":"Top","fields":[{"name":"a","type":"A"}]}',
      refs,
    );
    assert.equal(parsed.recordName, 'Top');
    await assert.rejects(
      resolveReferences([{ name: 'C', subject: 'c', version: 1 }], load),
      (e: unknown) => e instanceof InvalidSchemaError && /does not exist/.test(e.message),
    );
  });

  it('builds the 409 body text', () => {
    const e = incompatibleSchemaError('orders-value', ['r1', 'r2']);
    assert.equal(e.errorCode, 409);
    assert.equal(e.httpStatus, 409);
    assert.match(e.message, /incompatible with an earlier schema for subject "orders-value", details: \[r1, r2\]/);
  });
});
