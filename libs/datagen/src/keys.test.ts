import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatJavaDouble, formatJavaFloat } from './java-number-format';
import { keyString, resolveKeyField } from './keys';

describe('keys as StringConverter writes them', () => {
  it('ints, longs, strings and booleans', () => {
    assert.equal(keyString(7, 'int'), '7');
    assert.equal(keyString(1609459200000, 'long'), '1609459200000');
    assert.equal(keyString('User_3', 'string'), 'User_3');
    assert.equal(keyString(true, 'boolean'), 'true');
    assert.equal(keyString(null), null);
  });

  it('doubles and floats use Java toString', () => {
    assert.equal(keyString(1, 'double'), '1.0');
    assert.equal(keyString(4.53, 'double'), '4.53');
    assert.equal(keyString(Math.fround(0.1), 'float'), '0.1');
  });

  it('formatJavaDouble matches Double.toString', () => {
    assert.equal(formatJavaDouble(0), '0.0');
    assert.equal(formatJavaDouble(-0), '-0.0');
    assert.equal(formatJavaDouble(100), '100.0');
    assert.equal(formatJavaDouble(0.001), '0.001');
    assert.equal(formatJavaDouble(0.0001234), '1.234E-4');
    assert.equal(formatJavaDouble(1e7), '1.0E7');
    assert.equal(formatJavaDouble(-12345678.9), '-1.23456789E7');
    assert.equal(formatJavaDouble(9999999.5), '9999999.5');
    assert.equal(formatJavaDouble(NaN), 'NaN');
  });

  it('formatJavaFloat uses the shortest float32 digits', () => {
    assert.equal(formatJavaFloat(Math.fround(3.14)), '3.14');
    assert.equal(formatJavaFloat(Math.fround(1e10)), '1.0E10');
  });

  it('resolveKeyField prefers schema.keyfield, then the quickstart default, else none', () => {
    assert.equal(resolveKeyField('a', 'b'), 'a');
    assert.equal(resolveKeyField('', 'b'), 'b');
    assert.equal(resolveKeyField(undefined, undefined), undefined);
  });
});
