import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as avro from 'avsc';
import type { AvroSchema } from './avro-types';
import { fromTwosComplement } from './decimal';
import { RecordGenerator } from './record-generator';

const rec = (...fields: Array<{ name: string; type: unknown; default?: unknown; [k: string]: unknown }>): AvroSchema =>
  ({ type: 'record', name: 'r', namespace: 'test', fields }) as AvroSchema;
const field = (type: unknown, props?: object, extra?: object) => ({
  name: 'x',
  type: props ? { ...(typeof type === 'string' ? { type } : (type as object)), 'arg.properties': props } : type,
  ...extra,
});
function values(schema: AvroSchema, n = 500, seed: string | number = 9): unknown[] {
  const g = new RecordGenerator(schema, { seed });
  const type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false });
  return Array.from({ length: n }, () => {
    const r = g.next();
    assert.ok(type.isValid(r), `invalid: ${JSON.stringify(r)}`);
    return r.x;
  });
}

describe('determinism', () => {
  const schema = rec(field('long', { range: { min: 0, max: 1e12 } }), { name: 'y', type: 'string' });

  it('same seed and task: same sequence', () => {
    assert.deepEqual(values(schema, 50, 42), values(schema, 50, 42));
  });

  it('different seeds differ, and so do tasks with the same seed', () => {
    assert.notDeepEqual(values(schema, 20, 42), values(schema, 20, 43));
    const t0 = new RecordGenerator(schema, { seed: 42, taskId: 0 });
    const t1 = new RecordGenerator(schema, { seed: 42, taskId: 1 });
    assert.notDeepEqual(t0.generate(0), t1.generate(0));
  });

  it('generate(n) is random access: independent of what was generated before', () => {
    const a = new RecordGenerator(schema, { seed: '-9223372036854775808' });
    const b = new RecordGenerator(schema, { seed: '-9223372036854775808' });
    const tenth = a.generate(10);
    for (let i = 0; i < 10; i++) b.next();
    assert.deepEqual(b.next(), tenth);
  });

  it('without a seed picks a random one and reports it for the offset', () => {
    const a = new RecordGenerator(schema);
    const b = new RecordGenerator(schema, { seed: a.seed.text });
    assert.deepEqual(a.generate(3), b.generate(3));
  });

  it('rejects seeds that are not Java longs', () => {
    assert.throws(() => new RecordGenerator(schema, { seed: 'abc' }), RangeError);
    assert.throws(() => new RecordGenerator(schema, { seed: '9223372036854775808' }), RangeError);
  });

  it('delays are uniform in [0, max.interval) and 0 for max.interval 0', () => {
    const g = new RecordGenerator(schema, { seed: 1 });
    const delays = Array.from({ length: 500 }, (_, i) => g.delayMs(i, 100));
    assert.ok(delays.every((d) => Number.isInteger(d) && d >= 0 && d < 100));
    assert.ok(Math.max(...delays) > 90 && Math.min(...delays) < 10);
    assert.equal(g.delayMs(0, 0), 0);
  });
});

describe('options', () => {
  it('picks uniformly from a list of strings', () => {
    const xs = values(rec(field('string', { options: ['a', 'b', 'c'] })), 600);
    const counts = new Map<unknown, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort(), ['a', 'b', 'c']);
    for (const c of counts.values()) assert.ok(c > 150, `count ${c}`);
  });

  it('works for ints, enums, arrays, maps, bytes and whole records (defaults fill missing fields)', () => {
    assert.ok(values(rec(field('int', { options: [1, 2] }))).every((x) => x === 1 || x === 2));
    const en = { type: 'enum', name: 'E', symbols: ['A', 'B', 'C'] };
    assert.ok(values(rec(field(en, { options: ['B'] }))).every((x) => x === 'B'));
    const arr = { type: 'array', items: 'string' };
    assert.deepEqual(values(rec(field(arr, { options: [['p', 'q']] })), 2), [
      ['p', 'q'],
      ['p', 'q'],
    ]);
    const map = { type: 'map', values: 'long' };
    assert.deepEqual(values(rec(field(map, { options: [{ k: 5 }] })), 1), [{ k: 5 }]);
    assert.ok((values(rec(field('bytes', { options: ['ab'] })), 1)[0] as Buffer).equals(Buffer.from('ab')));
    const row = {
      type: 'record',
      name: 'Row',
      fields: [
        { name: 'id', type: 'int' },
        { name: 'tag', type: 'string', default: 'none' },
      ],
    };
    assert.deepEqual(
      values(rec(field(row, { options: [{ id: 1 }, { id: 2, tag: 't' }] })), 300).sort((a, b) =>
        JSON.stringify(a).localeCompare(JSON.stringify(b)),
      )[0],
      { id: 1, tag: 'none' },
    );
  });

  it('returns copies, so mutating a record does not change later ones', () => {
    const g = new RecordGenerator(rec(field({ type: 'array', items: 'int' }, { options: [[1, 2]] })), { seed: 1 });
    (g.next().x as number[]).push(3);
    assert.deepEqual(g.next().x, [1, 2]);
  });

  it('rejects options that do not match the schema, empty options and file options', () => {
    assert.throws(
      () => new RecordGenerator(rec(field('int', { options: ['a'] }))),
      /Invalid option 0 \("a"\): expected a 32-bit integer/,
    );
    assert.throws(() => new RecordGenerator(rec(field('int', { options: [] }))), /options property cannot be empty/);
    assert.throws(() => new RecordGenerator(rec(field('string', { options: { file: 'x.avro' } }))), /file-based/);
    assert.throws(
      () => new RecordGenerator(rec(field('string', { options: ['a'], regex: 'a' }))),
      /Cannot specify regex prop when options prop is given/,
    );
  });
});

describe('range', () => {
  it('int and long: min inclusive, max exclusive, all values reached', () => {
    const xs = values(rec(field('int', { range: { min: 1, max: 5 } })), 500) as number[];
    assert.deepEqual([...new Set(xs)].sort(), [1, 2, 3, 4]);
    const ls = values(rec(field('long', { range: { min: 1e12, max: 1e12 + 3 } })), 300) as number[];
    assert.deepEqual([...new Set(ls)].sort(), [1e12, 1e12 + 1, 1e12 + 2]);
  });

  it('double and float stay in [min, max)', () => {
    for (const t of ['double', 'float']) {
      const xs = values(rec(field(t, { range: { min: 0.1, max: 10 } }))) as number[];
      assert.ok(xs.every((x) => x >= Math.fround(0.1) && x < 10));
      assert.ok(xs.some((x) => x > 9) && xs.some((x) => x < 1));
    }
  });

  it('one bound alone uses the type limit for the other', () => {
    const xs = values(rec(field('int', { range: { min: 2147483640 } })), 200) as number[];
    assert.ok(xs.every((x) => x >= 2147483640 && x <= 2147483647));
  });

  it('decimal: range honoured (deviation from the reference, which ignores it)', () => {
    const dec = { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 };
    const xs = values(rec(field(dec, { range: { min: 10, max: 50 } }))) as Buffer[];
    const unscaled = xs.map((b) => Number(fromTwosComplement(b)));
    assert.ok(unscaled.every((u) => u >= 1000 && u < 5000));
    const free = (values(rec(field(dec))) as Buffer[]).map((b) => Number(fromTwosComplement(b)));
    assert.ok(free.every((u) => u > -10000 && u < 10000) && free.some((u) => u < 0));
  });

  it('rejects min >= max', () => {
    assert.throws(
      () => new RecordGenerator(rec(field('int', { range: { min: 5, max: 5 } }))),
      /'min' field must be strictly less than 'max' field in range property/,
    );
  });
});

describe('length, prefix/suffix, defaults', () => {
  it('strings: exact length and [min, max)', () => {
    assert.ok((values(rec(field('string', { length: 4 }))) as string[]).every((s) => s.length === 4));
    const ls = new Set((values(rec(field('string', { length: { min: 2, max: 5 } }))) as string[]).map((s) => s.length));
    assert.deepEqual([...ls].sort(), [2, 3, 4]);
  });

  it('unannotated strings are 8-15 ASCII characters', () => {
    for (const s of values(rec(field('string'))) as string[]) {
      assert.ok(s.length >= 8 && s.length <= 15);
      assert.ok([...s].every((c) => c.charCodeAt(0) < 128));
    }
  });

  it('regex with prefix and suffix; regex obeys explicit length bounds softly', () => {
    const xs = values(
      rec(field('string', { regex: '[a-z]{2,20}', prefix: '<', suffix: '>', length: { min: 3, max: 6 } })),
    ) as string[];
    assert.ok(
      xs.every((s) => /^<[a-z]{2,5}>$/.test(s)),
      xs.find((s) => !/^<[a-z]{2,5}>$/.test(s)),
    );
  });

  it('arrays and maps use length; map keys follow keys rules; bytes use length', () => {
    const arr = values(
      rec(
        field(
          { type: 'array', items: { type: 'int', 'arg.properties': { range: { min: 0, max: 3 } } } },
          { length: { min: 1, max: 5 } },
        ),
      ),
    );
    assert.ok((arr as number[][]).every((a) => a.length >= 1 && a.length <= 4 && a.every((v) => v >= 0 && v < 3)));
    const maps = values(
      rec(field({ type: 'map', values: 'boolean' }, { length: 3, keys: { regex: 'k[0-9]{4}' } })),
    ) as object[];
    assert.ok(maps.every((m) => Object.keys(m).length >= 1 && Object.keys(m).every((k) => /^k[0-9]{4}$/.test(k))));
    assert.ok(maps.some((m) => Object.keys(m).length === 3));
    const optKeys = values(
      rec(field({ type: 'map', values: 'int' }, { length: 5, keys: { options: ['a', 'b'] } })),
    ) as object[];
    assert.ok(optKeys.every((m) => Object.keys(m).every((k) => k === 'a' || k === 'b')));
    assert.ok((values(rec(field('bytes', { length: 3 }))) as Buffer[]).every((b) => b.length === 3));
    // Default map keys are single characters, so maps often come out smaller than their length.
    const defaults = values(rec(field({ type: 'map', values: 'int' }))) as object[];
    assert.ok(defaults.every((m) => Object.keys(m).every((k) => k.length === 1)));
  });
});

describe('types', () => {
  it('boolean odds', () => {
    const xs = values(rec(field('boolean', { odds: 0.9 })), 1000) as boolean[];
    const t = xs.filter(Boolean).length;
    assert.ok(t > 850 && t < 950, String(t));
    assert.ok((values(rec(field('boolean', { odds: 0 })), 50) as boolean[]).every((x) => !x));
  });

  it('enums, fixed, nested records and named references', () => {
    const schema = rec(
      { name: 'e', type: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] } },
      { name: 'f', type: { type: 'fixed', name: 'Four', size: 4 } },
      { name: 'inner', type: { type: 'record', name: 'Inner', fields: [{ name: 'c', type: 'Color' }] } },
      { name: 'again', type: 'test.Inner' },
      { name: 'x', type: 'Four' },
    );
    const g = new RecordGenerator(schema, { seed: 3 });
    const type = avro.Type.forSchema(schema as avro.Schema);
    for (let i = 0; i < 100; i++) assert.ok(type.isValid(g.next()));
  });

  it('unions pick every branch, or the field-level position', () => {
    const xs = values(rec(field(['null', 'string', 'int'])), 300);
    assert.ok(xs.includes(null) && xs.some((x) => typeof x === 'string') && xs.some((x) => typeof x === 'number'));
    const pinned = values(
      rec(
        field(['null', { type: 'string', 'arg.properties': { options: ['z'] } }], undefined, {
          'arg.properties': { position: 1 },
        }),
      ),
      50,
    );
    assert.ok(pinned.every((x) => x === 'z'));
  });

  it('logical types are generated as their base type with their rules', () => {
    const ts = values(
      rec(
        field({ type: 'long', logicalType: 'timestamp-millis' }, { iteration: { start: 1609459200000, step: 1000 } }),
      ),
      3,
    );
    assert.deepEqual(ts, [1609459200000, 1609459201000, 1609459202000]);
    const dates = values(
      rec(field({ type: 'int', logicalType: 'date' }, { range: { min: 18000, max: 19000 } })),
    ) as number[];
    assert.ok(dates.every((d) => d >= 18000 && d < 19000));
  });

  it('unannotated numbers: int over 32 bits, long within ±2^53, float/double in [0, 1)', () => {
    assert.ok((values(rec(field('int'))) as number[]).some((x) => Math.abs(x) > 1e6));
    assert.ok((values(rec(field('long'))) as number[]).every((x) => Number.isSafeInteger(x)));
    assert.ok((values(rec(field('float'))) as number[]).every((x) => x >= 0 && x < 1 && Math.fround(x) === x));
    assert.ok((values(rec(field('double'))) as number[]).every((x) => x >= 0 && x < 1));
  });

  it('recursive schemas terminate through a union', () => {
    const schema = {
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'x', type: 'int' },
        { name: 'next', type: ['null', 'Node'] },
      ],
    } as AvroSchema;
    const g = new RecordGenerator(schema, { seed: 5 });
    const type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false });
    for (let i = 0; i < 50; i++) assert.ok(type.isValid(g.next()));
  });
});

describe('schema errors', () => {
  it('report unknown types and bad rules with the field path', () => {
    assert.throws(() => new RecordGenerator(rec(field('Nope'))), /\$\.x: unknown type "Nope"/);
    assert.throws(() => new RecordGenerator(rec(field('string', { regex: '[a-' }))), /\$\.x: invalid regex/);
    assert.throws(
      () => new RecordGenerator(rec(field('string', { length: { min: 5, max: 2 } }))),
      /max field must be strictly greater than min field for length property/,
    );
    assert.throws(() => new RecordGenerator(rec(field('string', { length: {} }))), /at least one of 'min' or 'max'/);
    assert.throws(() => new RecordGenerator(rec(field('string', { length: -1 }))), /cannot be negative/);
    assert.throws(
      () => new RecordGenerator(rec(field({ type: 'map', values: 'int' }, { keys: 'x' }))),
      /keys prop must be an object/,
    );
    assert.throws(
      () => new RecordGenerator(rec(field({ type: 'array', items: 'int' }, { iteration: { start: 0 } }))),
      /iteration property can only be specified on numeric, boolean or string schemas, not array schema/,
    );
    assert.throws(
      () => new RecordGenerator(rec(field('boolean', { odds: 2 }))),
      /odds property must be in the range \[0.0, 1.0\]/,
    );
    assert.throws(
      () => new RecordGenerator(rec(field(['null', 'int'], undefined, { 'arg.properties': { position: 2 } }))),
      /position/,
    );
  });
});
