import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EXACTLY_ONE_SCHEMA_SOURCE, KEYFIELD_NOT_IN_SCHEMA, validateDatagenConfig } from './validate-config';

const base = { 'kafka.topic': 'transactions', 'output.data.format': 'AVRO', 'tasks.max': '1' };
const inline = JSON.stringify({
  type: 'record',
  name: 'thing',
  fields: [
    { name: 'id', type: { type: 'long', 'arg.properties': { iteration: { start: 1 } } } },
    { name: 'name', type: { type: 'string', 'arg.properties': { regex: 'N_[0-9]{3}' } } },
  ],
});

describe('validateDatagenConfig', () => {
  it('accepts the Kafka Connect 101 config and resolves defaults', () => {
    const v = validateDatagenConfig({ ...base, quickstart: 'TRANSACTIONS', 'max.interval': '1000' });
    assert.equal(v.errorCount, 0);
    const c = v.config!;
    assert.equal(c.kafkaTopic, 'transactions');
    assert.equal(c.outputDataFormat, 'AVRO');
    assert.equal(c.quickstart?.name, 'TRANSACTIONS');
    assert.equal(c.keyField, 'transaction_id');
    assert.equal(c.maxIntervalMs, 1000);
    assert.equal(c.iterations, -1);
    assert.equal(c.tasksMax, 1);
    assert.equal(c.randomSeed, undefined);
    assert.equal(c.jsonOutputDecimalFormat, 'BASE64');
  });

  it('uses the template defaults for output.data.format and max.interval', () => {
    const v = validateDatagenConfig({ 'kafka.topic': 't', quickstart: 'orders', 'tasks.max': '2' });
    assert.equal(v.config?.outputDataFormat, 'JSON');
    assert.equal(v.config?.maxIntervalMs, 1000);
  });

  it('quickstart and schema.string are exclusive, and one is required', () => {
    const both = validateDatagenConfig({ ...base, quickstart: 'ORDERS', 'schema.string': inline });
    assert.deepEqual(both.errors, {
      quickstart: [EXACTLY_ONE_SCHEMA_SOURCE],
      'schema.string': [EXACTLY_ONE_SCHEMA_SOURCE],
    });
    assert.equal(both.errorCount, 2);
    assert.equal(both.config, undefined);
    const neither = validateDatagenConfig(base);
    assert.deepEqual(Object.keys(neither.errors).sort(), ['quickstart', 'schema.string']);
  });

  it('unknown quickstart lists the valid names', () => {
    const v = validateDatagenConfig({ ...base, quickstart: 'BANANAS' });
    assert.match(
      v.errors.quickstart[0],
      /^quickstart must be one out of CLICKSTREAM_CODES, CLICKSTREAM, .*SHOE_CLICKSTREAM$/,
    );
  });

  it('schema.string with keyfield', () => {
    const v = validateDatagenConfig({ ...base, 'schema.string': inline, 'schema.keyfield': 'name' });
    assert.equal(v.errorCount, 0);
    assert.equal(v.config?.keyField, 'name');
    assert.equal(v.config?.quickstart, undefined);
    const noKey = validateDatagenConfig({ ...base, 'schema.string': inline });
    assert.equal(noKey.config?.keyField, undefined);
  });

  it('schema.keyfield must be a field of the schema (quickstart or inline)', () => {
    const a = validateDatagenConfig({ ...base, 'schema.string': inline, 'schema.keyfield': 'nope' });
    assert.deepEqual(a.errors, { 'schema.keyfield': [KEYFIELD_NOT_IN_SCHEMA] });
    const b = validateDatagenConfig({ ...base, quickstart: 'ORDERS', 'schema.keyfield': 'city' }); // nested, not top level
    assert.deepEqual(b.errors, { 'schema.keyfield': [KEYFIELD_NOT_IN_SCHEMA] });
    const c = validateDatagenConfig({ ...base, quickstart: 'ORDERS', 'schema.keyfield': 'itemid' });
    assert.equal(c.config?.keyField, 'itemid');
  });

  it('invalid schema.string: bad JSON, bad Avro, bad arg.properties', () => {
    const json = validateDatagenConfig({ ...base, 'schema.string': '{"type": "record",' });
    assert.match(json.errors['schema.string'][0], /^Unable to parse the provided schema: not valid JSON/);
    const avro = validateDatagenConfig({
      ...base,
      'schema.string': '{"type":"record","name":"r","fields":[{"name":"a","type":"nope"}]}',
    });
    assert.match(avro.errors['schema.string'][0], /^Unable to parse the provided schema: .*nope/);
    const rules = validateDatagenConfig({
      ...base,
      'schema.string':
        '{"type":"record","name":"r","fields":[{"name":"a","type":{"type":"int","arg.properties":{"range":{"min":3,"max":1}}}}]}',
    });
    assert.match(
      rules.errors['schema.string'][0],
      /^Invalid arg.properties in the provided schema: \$\.a: 'min' field must be strictly less than 'max' field in range property$/,
    );
    const option = validateDatagenConfig({
      ...base,
      'schema.string':
        '{"type":"record","name":"r","fields":[{"name":"a","type":{"type":"int","arg.properties":{"options":["x"]}}}]}',
    });
    assert.match(option.errors['schema.string'][0], /Invalid option 0 \("x"\): expected a 32-bit integer/);
  });

  it('accepts // comments in schema.string like the Java parser', () => {
    const v = validateDatagenConfig({
      ...base,
      'schema.string': '{"type":"record","name":"r", // note\n"fields":[{"name":"a","type":"int"}]}',
    });
    assert.equal(v.errorCount, 0, JSON.stringify(v.errors));
  });

  it('output.data.format must be one of AVRO, JSON_SR, PROTOBUF, JSON', () => {
    for (const f of ['AVRO', 'JSON_SR', 'PROTOBUF', 'JSON'])
      assert.equal(validateDatagenConfig({ ...base, quickstart: 'USERS', 'output.data.format': f }).errorCount, 0);
    const v = validateDatagenConfig({ ...base, quickstart: 'USERS', 'output.data.format': 'XML' });
    assert.deepEqual(v.errors, {
      'output.data.format': [
        'Invalid value XML for configuration output.data.format: String must be one of: AVRO, JSON_SR, PROTOBUF, JSON',
      ],
    });
  });

  it('numbers: max.interval >= 0, iterations any INT, tasks.max required >= 1, random.seed a LONG', () => {
    const v = validateDatagenConfig({
      'kafka.topic': 't',
      quickstart: 'USERS',
      'max.interval': '-5',
      iterations: 'ten',
      'tasks.max': '0',
      'random.seed': '1.5',
    });
    assert.deepEqual(v.errors, {
      'max.interval': ['Invalid value -5 for configuration max.interval: Value must be at least 0'],
      iterations: ['Invalid value ten for configuration iterations: Not a number of type INT'],
      'tasks.max': ['Invalid value 0 for configuration tasks.max: Value must be at least 1'],
      'random.seed': ['Invalid value 1.5 for configuration random.seed: Not a number of type LONG'],
    });
    const missing = validateDatagenConfig({ 'kafka.topic': 't', quickstart: 'USERS' });
    assert.deepEqual(missing.errors, { 'tasks.max': ['"tasks.max" is required'] });
    const ok = validateDatagenConfig({
      ...base,
      quickstart: 'USERS',
      iterations: '10',
      'max.interval': '0',
      'random.seed': '-42',
    });
    assert.equal(ok.config?.iterations, 10);
    assert.equal(ok.config?.maxIntervalMs, 0);
    assert.equal(ok.config?.randomSeed, '-42');
  });

  it('kafka.topic is required and must be a legal topic name', () => {
    assert.deepEqual(validateDatagenConfig({ quickstart: 'USERS', 'tasks.max': '1' }).errors, {
      'kafka.topic': ['"kafka.topic" is required'],
    });
    const bad = validateDatagenConfig({ ...base, quickstart: 'USERS', 'kafka.topic': 'my topic' });
    assert.match(bad.errors['kafka.topic'][0], /illegal, it contains a character other than ASCII alphanumerics/);
  });

  it('json.output.decimal.format must be BASE64 or NUMERIC', () => {
    assert.equal(
      validateDatagenConfig({ ...base, quickstart: 'PURCHASES', 'json.output.decimal.format': 'NUMERIC' }).config
        ?.jsonOutputDecimalFormat,
      'NUMERIC',
    );
    assert.ok(
      validateDatagenConfig({ ...base, quickstart: 'PURCHASES', 'json.output.decimal.format': 'HEX' }).errors[
        'json.output.decimal.format'
      ],
    );
  });
});

describe('schema.string shape', () => {
  it('must be a record, as the reference task requires', () => {
    const v = validateDatagenConfig({ ...base, 'schema.string': '"string"' });
    assert.deepEqual(v.errors, {
      'schema.string': ['Unable to parse the provided schema: the schema must be an Avro record'],
    });
  });
});
