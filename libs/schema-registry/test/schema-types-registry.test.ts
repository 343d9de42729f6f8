import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkCompatibility,
  getSchemaProvider,
  InvalidCompatibilityLevelError,
  InvalidSchemaError,
  parseCompatibilityLevel,
  resolveSchemaType,
  SchemaRegistryError,
  supportedSchemaTypes,
} from '@libs/schema-registry';

describe('schema type registry', () => {
  it('defaults to AVRO and matches types case-insensitively', () => {
    assert.equal(resolveSchemaType(undefined), 'AVRO');
    assert.equal(resolveSchemaType(null), 'AVRO');
    assert.equal(resolveSchemaType('protobuf'), 'PROTOBUF');
    assert.equal(getSchemaProvider('JSON').schemaType, 'JSON');
    assert.deepEqual([...supportedSchemaTypes()].sort(), ['AVRO', 'JSON', 'PROTOBUF']);
  });

  it('rejects unknown types with 42201', () => {
    assert.throws(
      () => resolveSchemaType('XML'),
      (e: unknown) => e instanceof InvalidSchemaError && e.errorCode === 42201 && e.httpStatus === 422,
    );
    assert.throws(() => resolveSchemaType(7), InvalidSchemaError);
  });

  it('parses compatibility levels or answers 42203', () => {
    assert.equal(parseCompatibilityLevel('backward_transitive'), 'BACKWARD_TRANSITIVE');
    assert.throws(
      () => parseCompatibilityLevel('SIDEWAYS'),
      (e: unknown) => e instanceof InvalidCompatibilityLevelError && e.errorCode === 42203,
    );
    assert.equal(new SchemaRegistryError(40401, 'x').httpStatus, 404);
    assert.equal(new SchemaRegistryError(409, 'x').httpStatus, 409);
  });

  it('refuses a change of schema type unless the level is NONE', () => {
    const avro = getSchemaProvider('AVRO').parse('"string"');
    const json = getSchemaProvider('JSON').parse('{"type":"string"}');
    assert.match(checkCompatibility(json, [avro], 'BACKWARD').join(), /SCHEMA_TYPE_CHANGED/);
    assert.deepEqual(checkCompatibility(json, [avro], 'NONE'), []);
    const json2 = getSchemaProvider('JSON').parse('{"type":"integer"}');
    // Non-transitive: only the latest (same type) counts.
    assert.deepEqual(checkCompatibility(json, [avro, json], 'BACKWARD'), []);
    assert.match(checkCompatibility(json, [avro, json], 'BACKWARD_TRANSITIVE').join(), /SCHEMA_TYPE_CHANGED/);
    assert.match(checkCompatibility(json2, [json], 'BACKWARD').join(), /TYPE_CHANGED/);
  });
});
