import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AbstractConfig,
  buildConfigInfos,
  ConfigDef,
  ConfigException,
  invalidConfigMessage,
  NonEmptyString,
  Password,
  Range,
  ValidString,
  type Recommender,
} from '@libs/connect-spi';

function def(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'connection.url',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'JDBC URL',
      group: 'Connection',
      orderInGroup: 1,
      width: 'LONG',
      displayName: 'JDBC URL',
      validator: new NonEmptyString(),
    })
    .define({
      name: 'connection.password',
      type: 'PASSWORD',
      defaultValue: null,
      importance: 'HIGH',
      documentation: 'pw',
      group: 'Connection',
      orderInGroup: 2,
    })
    .define({
      name: 'batch.size',
      type: 'INT',
      defaultValue: 3000,
      validator: Range.atLeast(0),
      importance: 'MEDIUM',
      documentation: 'rows',
      group: 'Writes',
      orderInGroup: 1,
    })
    .define({
      name: 'insert.mode',
      type: 'STRING',
      defaultValue: 'insert',
      validator: ValidString.in('insert', 'upsert', 'update'),
      importance: 'HIGH',
      documentation: 'mode',
      group: 'Writes',
      orderInGroup: 2,
      dependents: ['pk.fields'],
    })
    .define({
      name: 'pk.fields',
      type: 'LIST',
      defaultValue: '',
      importance: 'LOW',
      documentation: 'pks',
      group: 'Writes',
      orderInGroup: 3,
    })
    .define({ name: 'auto.create', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', documentation: 'ddl' })
    .define({ name: 'retry.ms', type: 'LONG', defaultValue: 100, importance: 'LOW', documentation: 'ms' })
    .define({ name: 'ratio', type: 'DOUBLE', defaultValue: 1, importance: 'LOW', documentation: 'r' })
    .define({ name: 'short', type: 'SHORT', defaultValue: 1, importance: 'LOW', documentation: 's' });
}

describe('ConfigDef.parse', () => {
  it('parses strings into typed values with defaults', () => {
    const v = def().parse({
      'connection.url': ' jdbc:mysql://x ',
      'batch.size': '10',
      'pk.fields': 'a, b ,c',
      'auto.create': 'TRUE',
      'connection.password': 's3cret',
    });
    assert.equal(v['connection.url'], 'jdbc:mysql://x');
    assert.equal(v['batch.size'], 10);
    assert.deepEqual(v['pk.fields'], ['a', 'b', 'c']);
    assert.equal(v['auto.create'], true);
    assert.equal(v['retry.ms'], 100);
    assert.equal(v['ratio'], 1);
    assert.ok(v['connection.password'] instanceof Password);
    assert.equal((v['connection.password'] as Password).value(), 's3cret');
    assert.equal(String(v['connection.password']), '[hidden]');
  });

  it('reports per-key errors with Kafka messages', () => {
    const r = def().parseWithErrors({
      'batch.size': 'ten',
      'auto.create': 'yes',
      'insert.mode': 'merge',
      short: '70000',
    });
    assert.deepEqual(r.errors['connection.url'], [
      'Missing required configuration "connection.url" which has no default value.',
    ]);
    assert.deepEqual(r.errors['batch.size'], [
      'Invalid value ten for configuration batch.size: Not a number of type INT',
    ]);
    assert.deepEqual(r.errors['auto.create'], [
      'Invalid value yes for configuration auto.create: Expected value to be either true or false',
    ]);
    assert.deepEqual(r.errors['insert.mode'], [
      'Invalid value merge for configuration insert.mode: String must be one of: insert, upsert, update',
    ]);
    assert.match(r.errors['short'][0], /Not a number of type SHORT/);
    assert.throws(() => def().parse({}), ConfigException);
    assert.throws(() => def().parse({ 'connection.url': 'x', 'batch.size': '-1' }), /Value must be at least 0/);
  });

  it('rejects invalid defaults and duplicate keys at definition time', () => {
    assert.throws(
      () =>
        new ConfigDef().define({
          name: 'a',
          type: 'INT',
          defaultValue: -1,
          validator: Range.atLeast(0),
          importance: 'LOW',
          documentation: '',
        }),
      /Invalid default value/,
    );
    assert.throws(
      () => def().define({ name: 'ratio', type: 'DOUBLE', importance: 'LOW', documentation: '' }),
      /defined twice/,
    );
  });

  it('AbstractConfig gives typed getters and prefixed originals', () => {
    const c = new AbstractConfig(def(), { 'connection.url': 'u', 'transforms.a.type': 'X' });
    assert.equal(c.getInt('batch.size'), 3000);
    assert.deepEqual(c.getList('pk.fields'), []);
    assert.deepEqual(c.originalsWithPrefix('transforms.a.'), { type: 'X' });
  });
});

describe('ConfigDef.validate → ConfigInfos', () => {
  it('produces the validate response shape with masked passwords and error counts', () => {
    const d = def();
    const values = d.validate({ 'connection.password': 'hunter2', 'batch.size': 'x' });
    const infos = buildConfigInfos('io.confluent.connect.jdbc.JdbcSinkConnector', [{ def: d, values }]);
    assert.equal(infos.name, 'io.confluent.connect.jdbc.JdbcSinkConnector');
    assert.equal(infos.error_count, 2);
    assert.deepEqual(infos.groups, ['Connection', 'Writes']);
    const url = infos.configs[0];
    assert.deepEqual(url.definition, {
      name: 'connection.url',
      type: 'STRING',
      required: true,
      default_value: null,
      importance: 'HIGH',
      documentation: 'JDBC URL',
      group: 'Connection',
      order: 1,
      width: 'LONG',
      display_name: 'JDBC URL',
      dependents: [],
    });
    assert.deepEqual(url.value, {
      name: 'connection.url',
      value: null,
      recommended_values: [],
      errors: ['Missing required configuration "connection.url" which has no default value.'],
      visible: true,
    });
    const pw = infos.configs.find((c) => c.value.name === 'connection.password')!;
    assert.equal(pw.value.value, '[hidden]');
    const mode = infos.configs.find((c) => c.value.name === 'insert.mode')!;
    assert.equal(mode.definition!.default_value, 'insert');
    assert.deepEqual(mode.definition!.dependents, ['pk.fields']);
    assert.equal(infos.configs.find((c) => c.value.name === 'ratio')!.definition!.default_value, '1.0');
    assert.equal(infos.configs.find((c) => c.value.name === 'batch.size')!.value.value, null);
    assert.match(
      invalidConfigMessage(infos, 'JdbcSinkConnector'),
      /contains the following 2 error\(s\):\nMissing required/,
    );
  });

  it('reports null values, recommenders and undefined dependents', () => {
    const rec: Recommender = { validValues: () => ['a', 'b'], visible: (_n, p) => p['insert.mode'] === 'upsert' };
    const d = new ConfigDef()
      .define({
        name: 'mode',
        type: 'STRING',
        defaultValue: 'a',
        importance: 'LOW',
        documentation: '',
        recommender: rec,
        dependents: ['ghost'],
      })
      .define({ name: 'x', type: 'STRING', defaultValue: 'q', importance: 'LOW', documentation: '' });
    const vals = d.validateAll({ x: null });
    assert.deepEqual(vals.get('x')!.errorMessages, ['Null value can not be supplied as the configuration value.']);
    assert.deepEqual(vals.get('mode')!.recommendedValues, ['a', 'b']);
    assert.equal(vals.get('mode')!.visible, false);
    assert.match(vals.get('ghost')!.errorMessages[0], /referred in the dependents, but not defined/);
    const infos = buildConfigInfos('c', [{ def: d, values: vals.values() }]);
    assert.equal(infos.configs.find((c) => c.value.name === 'ghost')!.definition, null);
  });

  it('embeds a child ConfigDef under a prefix and group', () => {
    const child = new ConfigDef().define({
      name: 'spec',
      type: 'LIST',
      importance: 'HIGH',
      documentation: 'cast spec',
    });
    const d = new ConfigDef().embed('transforms.c.', 'Transforms: c', 0, child);
    const key = d.configKeys.get('transforms.c.spec')!;
    assert.equal(key.group, 'Transforms: c');
    assert.equal(key.orderInGroup, 1);
    assert.equal(key.hasDefault(), false);
  });
});
