import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { booleanIteration, numericIteration } from './iteration';
import { RecordGenerator } from './record-generator';

const seq = (it: { valueAt(n: number): number }, count: number): number[] =>
  Array.from({ length: count }, (_, n) => it.valueAt(n));

describe('iteration sequences', () => {
  it('start only: step 1 from start', () => {
    assert.deepEqual(seq(numericIteration('int', { start: 0 }), 4), [0, 1, 2, 3]);
    assert.deepEqual(seq(numericIteration('long', { start: 1 }), 3), [1, 2, 3]);
  });

  it('step: pageviews viewtime goes 1, 11, 21', () => {
    assert.deepEqual(seq(numericIteration('long', { start: 1, step: 10 }), 3), [1, 11, 21]);
  });

  it('restart is exclusive and wraps to start', () => {
    assert.deepEqual(seq(numericIteration('int', { start: 0, restart: 3 }), 7), [0, 1, 2, 0, 1, 2, 0]);
    assert.deepEqual(seq(numericIteration('int', { start: 10, restart: 20, step: 4 }), 5), [10, 14, 18, 12, 16]);
  });

  it('restart below start counts down (step defaults to -1)', () => {
    assert.deepEqual(seq(numericIteration('int', { start: 3, restart: 0 }), 5), [3, 2, 1, 3, 2]);
  });

  it('initial sets the first value inside the cycle', () => {
    assert.deepEqual(seq(numericIteration('int', { start: 0, restart: 5, initial: 3 }), 4), [3, 4, 0, 1]);
  });

  it('int wraps at the int maximum', () => {
    const it = numericIteration('int', { start: 2147483646 });
    assert.deepEqual(seq(it, 1), [2147483646]);
    // restart defaults to Integer.MAX_VALUE (exclusive), so the next value wraps to start.
    assert.equal(it.valueAt(1), 2147483646);
  });

  it('double and float sequences', () => {
    assert.deepEqual(seq(numericIteration('double', { start: 0.5, step: 0.25 }), 3), [0.5, 0.75, 1]);
    assert.equal(numericIteration('float', { start: 0.1 }).valueAt(1), Math.fround(1.1));
  });

  it('rejects bad specs with the reference wording', () => {
    assert.throws(
      () => numericIteration('int', { start: 0, step: 0 }),
      /^Error: step field of iteration property cannot be zero$/,
    );
    assert.throws(
      () => numericIteration('int', { start: 0, restart: 0 }),
      /start and restart fields of iteration property cannot be equal/,
    );
    assert.throws(
      () => numericIteration('int', { start: 0, restart: 5, step: -1 }),
      /step field of iteration property must be positive when restart field is greater than start field/,
    );
    assert.throws(
      () => numericIteration('int', { start: 0.5 }),
      /'start' field of iteration property must be an integral number/,
    );
    assert.throws(
      () => numericIteration('int', {} as { start: unknown }),
      /iteration property must contain start field/,
    );
  });

  it('boolean iteration alternates', () => {
    const b = booleanIteration({ start: true });
    assert.deepEqual([0, 1, 2, 3].map(b), [true, false, true, false]);
    assert.throws(() => booleanIteration({ start: 1 }), /must be a boolean/);
    assert.throws(
      () => booleanIteration({ start: true, step: 1 } as { start: unknown }),
      /iteration property cannot contain step field for a boolean schema/,
    );
  });
});

describe('iteration inside records', () => {
  const schema = {
    type: 'record',
    name: 'r',
    fields: [
      { name: 'a', type: { type: 'long', 'arg.properties': { iteration: { start: 0 } } } },
      { name: 'b', type: { type: 'long', 'arg.properties': { iteration: { start: 0 } } } },
      {
        name: 's',
        type: { type: 'string', 'arg.properties': { iteration: { start: 5 }, prefix: 'id-', suffix: '!' } },
      },
      { name: 'flag', type: { type: 'boolean', 'arg.properties': { iteration: { start: false } } } },
      { name: 'cyc', type: { type: 'int', 'arg.properties': { iteration: { start: 1, restart: 4 } } } },
    ],
  };

  it('keeps one counter per field (identical field types do not share a sequence)', () => {
    const g = new RecordGenerator(schema, { seed: 1 });
    const rows = [g.next(), g.next(), g.next(), g.next()];
    assert.deepEqual(
      rows.map((r) => [r.a, r.b]),
      [
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
      ],
    );
    assert.deepEqual(
      rows.map((r) => r.s),
      ['id-5!', 'id-6!', 'id-7!', 'id-8!'],
    );
    assert.deepEqual(
      rows.map((r) => r.flag),
      [false, true, false, true],
    );
    assert.deepEqual(
      rows.map((r) => r.cyc),
      [1, 2, 3, 1],
    );
  });

  it('follows the task record count: generate(N) after a restart equals the Nth record', () => {
    const g = new RecordGenerator(schema, { seed: 1 });
    for (let i = 0; i < 1000; i++) g.next();
    const resumed = new RecordGenerator(schema, { seed: 1 });
    resumed.seek(1000);
    assert.deepEqual(resumed.next(), g.next());
    assert.equal(resumed.generate(5).a, 5);
  });

  it('each task runs its own sequence from start, like the reference connector', () => {
    const t0 = new RecordGenerator(schema, { seed: 1, taskId: 0 });
    const t1 = new RecordGenerator(schema, { seed: 1, taskId: 1 });
    assert.equal(t0.next().a, 0);
    assert.equal(t1.next().a, 0);
  });

  it('an iteration inside an array advances per use within a record', () => {
    const g = new RecordGenerator(
      {
        type: 'record',
        name: 'r',
        fields: [
          {
            name: 'xs',
            type: {
              type: 'array',
              items: { type: 'int', 'arg.properties': { iteration: { start: 0 } } },
              'arg.properties': { length: 3 },
            },
          },
        ],
      },
      { seed: 1 },
    );
    assert.deepEqual(g.generate(0).xs, [0, 1, 2]);
    // Position = record count + use within the record (documented: not a global counter).
    assert.deepEqual(g.generate(10).xs, [10, 11, 12]);
  });

  it('rejects iteration combined with range, regex or length', () => {
    const bad = (props: object) => ({
      type: 'record',
      name: 'r',
      fields: [{ name: 'x', type: { type: 'int', 'arg.properties': { iteration: { start: 0 }, ...props } } }],
    });
    assert.throws(
      () => new RecordGenerator(bad({ range: { min: 0, max: 2 } })),
      /Cannot specify range prop when iteration prop is given/,
    );
    assert.throws(
      () => new RecordGenerator(bad({ length: 2 })),
      /Cannot specify length prop when iteration prop is given/,
    );
  });
});
