// Randomised round trips: any schema'd value written by JsonConverter reads back equal, with an
// equal schema, for both decimal formats.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BigDecimal,
  ConnectDate,
  Decimal,
  type Schema,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  valuesEqual,
} from '@libs/connect-spi';
import { JsonConverter } from '@libs/connect-converters';

let seed = 42;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];

function randomSchema(depth: number): Schema {
  const kinds = [
    'INT8',
    'INT16',
    'INT32',
    'INT64',
    'FLOAT32',
    'FLOAT64',
    'BOOLEAN',
    'STRING',
    'BYTES',
    'DECIMAL',
    'DATE',
    'TIME',
    'TIMESTAMP',
  ];
  if (depth > 0) kinds.push('ARRAY', 'MAP', 'IMAP', 'STRUCT', 'STRUCT');
  const k = pick(kinds);
  let b: SchemaBuilder;
  switch (k) {
    case 'DECIMAL':
      b = Decimal.builder(Math.floor(rnd() * 4));
      break;
    case 'DATE':
      b = ConnectDate.builder();
      break;
    case 'TIME':
      b = Time.builder();
      break;
    case 'TIMESTAMP':
      b = Timestamp.builder();
      break;
    case 'ARRAY':
      b = SchemaBuilder.array(randomSchema(depth - 1));
      break;
    case 'MAP':
      b = SchemaBuilder.map(SchemaBuilder.string().build(), randomSchema(depth - 1));
      break;
    case 'IMAP':
      b = SchemaBuilder.map(SchemaBuilder.int32().build(), randomSchema(depth - 1));
      break;
    case 'STRUCT': {
      b = SchemaBuilder.struct().name('s' + Math.floor(rnd() * 100));
      const n = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) b.field('f' + i, randomSchema(depth - 1));
      break;
    }
    default:
      b = SchemaBuilder.type(k as never);
  }
  if (rnd() < 0.3) b.optional();
  if (rnd() < 0.2) b.doc('doc ' + k);
  return b.build();
}

function randomValue(s: Schema): unknown {
  if (s.optional && rnd() < 0.2) return null;
  switch (s.name) {
    case Decimal.LOGICAL_NAME:
      return new BigDecimal(BigInt(Math.floor((rnd() - 0.5) * 1e12)), Decimal.scaleOf(s));
    case ConnectDate.LOGICAL_NAME:
      return new Date(Math.floor((rnd() - 0.5) * 40000) * 86_400_000);
    case Time.LOGICAL_NAME:
      return new Date(Math.floor(rnd() * 86_400_000));
    case Timestamp.LOGICAL_NAME:
      return new Date(Math.floor(rnd() * 4e12));
  }
  switch (s.type) {
    case 'INT8':
      return Math.floor(rnd() * 256) - 128;
    case 'INT16':
      return Math.floor(rnd() * 65536) - 32768;
    case 'INT32':
      return Math.floor(rnd() * 2 ** 32) - 2 ** 31;
    case 'INT64':
      return rnd() < 0.2 ? 2n ** 62n + BigInt(Math.floor(rnd() * 1000)) : Math.floor((rnd() - 0.5) * 2 ** 52);
    case 'FLOAT32':
      return Math.fround((rnd() - 0.5) * 1e6);
    case 'FLOAT64':
      return rnd() < 0.3 ? Math.floor(rnd() * 100) : (rnd() - 0.5) * 1e9;
    case 'BOOLEAN':
      return rnd() < 0.5;
    case 'STRING':
      return pick(['', 'a', 'héllo "q" \\ \n', '日本', String(rnd())]);
    case 'BYTES':
      return Buffer.from(Array.from({ length: Math.floor(rnd() * 5) }, () => Math.floor(rnd() * 256)));
    case 'ARRAY':
      return Array.from({ length: Math.floor(rnd() * 3) }, () => randomValue(s.valueSchema!));
    case 'MAP': {
      const m = new Map<unknown, unknown>();
      for (let i = 0; i < Math.floor(rnd() * 3); i++)
        m.set(s.keySchema!.type === 'STRING' ? 'k' + i : i, randomValue(s.valueSchema!));
      return m;
    }
    case 'STRUCT': {
      const st = new Struct(s);
      for (const f of s.fields) st.put(f, randomValue(f.schema));
      return st;
    }
  }
}

describe('JsonConverter randomised round trips', () => {
  for (const format of ['BASE64', 'NUMERIC']) {
    it(`500 random schemas/values, decimal.format=${format}`, () => {
      const c = new JsonConverter();
      c.configure({ 'decimal.format': format }, false);
      for (let i = 0; i < 500; i++) {
        const schema = randomSchema(3);
        const value = randomValue(schema);
        const bytes = c.fromConnectData('t', null, schema, value);
        const back = c.toConnectData('t', null, bytes);
        assert.ok(back.schema!.equals(schema), `schema #${i}: ${bytes!.toString()}`);
        assert.ok(valuesEqual(back.value, value), `value #${i}: ${bytes!.toString()}`);
      }
    });
  }
});
