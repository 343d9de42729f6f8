// io.debezium.transforms.ExtractNewRecordState: the value becomes `after`; deletes and tombstones
// per delete.handling.mode / drop.tombstones and delete.tombstone.handling.mode; add.fields and
// add.headers (with prefixes and renames); truncates dropped; other records unchanged.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaBuilder, Struct, type Schema } from '@libs/connect-spi';
import { sinkRecord, smt } from './helpers';

const D = 'io.debezium.transforms.ExtractNewRecordState';
const VALUE = SchemaBuilder.struct()
  .name('shop.inv.stock.Value')
  .optional()
  .field('id', SchemaBuilder.int32().build())
  .field('qty', SchemaBuilder.int32().optional().build())
  .build();
const SOURCE = SchemaBuilder.struct()
  .name('io.debezium.connector.mariadb.Source')
  .field('db', SchemaBuilder.string().build())
  .field('table', SchemaBuilder.string().optional().build())
  .field('ts_ms', SchemaBuilder.int64().build())
  .build();
const ENVELOPE = SchemaBuilder.struct()
  .name('shop.inv.stock.Envelope')
  .version(2)
  .field('before', VALUE)
  .field('after', VALUE)
  .field('source', SOURCE)
  .field('op', SchemaBuilder.string().build())
  .field('ts_ms', SchemaBuilder.int64().optional().build())
  .build();
const KEY = SchemaBuilder.struct().name('shop.inv.stock.Key').field('id', SchemaBuilder.int32().build()).build();

const row = (id: number, qty: number) => new Struct(VALUE).put('id', id).put('qty', qty);
function change(op: string, before: Struct | null, after: Struct | null) {
  const env = new Struct(ENVELOPE)
    .put('before', before)
    .put('after', after)
    .put('source', new Struct(SOURCE).put('db', 'inv').put('table', 'stock').put('ts_ms', 1717000000000))
    .put('op', op)
    .put('ts_ms', 1717000000123);
  const id = ((after ?? before) as Struct).get('id');
  return sinkRecord({
    topic: 'shop.inv.stock',
    keySchema: KEY,
    key: new Struct(KEY).put('id', id),
    valueSchema: ENVELOPE,
    value: env,
  });
}
const tombstone = () =>
  sinkRecord({ topic: 'shop.inv.stock', keySchema: KEY, key: new Struct(KEY).put('id', 1), value: null });
const plain = (s: Struct | null) => (s ? Object.fromEntries(s.schema.fields.map((f) => [f.name, s.get(f)])) : null);

describe('ExtractNewRecordState', () => {
  it('create/update/read: the after row with its Value schema, key and topic unchanged', () => {
    const t = smt(D);
    for (const op of ['c', 'u', 'r']) {
      const out = t.apply(change(op, op === 'u' ? row(1, 1) : null, row(1, 5)))!;
      assert.deepEqual(plain(out.value as Struct), { id: 1, qty: 5 });
      assert.equal(out.valueSchema, VALUE);
      assert.equal(out.valueSchema?.name, 'shop.inv.stock.Value');
      assert.equal((out.key as Struct).get('id'), 1);
      assert.equal(out.topic, 'shop.inv.stock');
    }
  });

  it('defaults (delete.handling.mode=drop, drop.tombstones=true): deletes and tombstones dropped', () => {
    const t = smt(D);
    assert.equal(t.apply(change('d', row(1, 5), null)), null);
    assert.equal(t.apply(tombstone()), null);
  });

  it('legacy rewrite + drop.tombstones=false (CC after.state.only): __deleted as a string, tombstones kept', () => {
    const t = smt(D, { 'delete.handling.mode': 'rewrite', 'drop.tombstones': 'false' });
    const del = t.apply(change('d', row(1, 5), null))!;
    assert.deepEqual(plain(del.value as Struct), { id: 1, qty: 5, __deleted: 'true' });
    const ins = t.apply(change('c', null, row(2, 1)))!;
    assert.deepEqual(plain(ins.value as Struct), { id: 2, qty: 1, __deleted: 'false' });
    assert.equal(ins.valueSchema?.field('__deleted')?.schema.type, 'STRING');
    assert.equal(ins.valueSchema?.name, 'shop.inv.stock.Value');
    const tomb = t.apply(tombstone());
    assert.ok(tomb && tomb.value === null);
  });

  it('legacy none: a delete becomes a null-valued record', () => {
    const t = smt(D, { 'delete.handling.mode': 'none' });
    const del = t.apply(change('d', row(1, 5), null))!;
    assert.equal(del.value, null);
    assert.equal((del.key as Struct).get('id'), 1);
    assert.equal(t.apply(tombstone()), null);
  });

  it('delete.tombstone.handling.mode (3.2+) overrides the legacy options', () => {
    const cases: [string, unknown, boolean][] = [
      ['drop', null, false],
      ['tombstone', 'null-value', false],
      ['rewrite', 'rewritten', false],
      ['rewrite-with-tombstone', 'rewritten', true],
      ['delete-to-tombstone', 'null-value', true],
    ];
    for (const [mode, del, keepsTombstone] of cases) {
      const t = smt(D, {
        'delete.tombstone.handling.mode': mode,
        'delete.handling.mode': 'none',
        'drop.tombstones': 'false',
      });
      const out = t.apply(change('d', row(1, 5), null));
      if (del === null) assert.equal(out, null, mode);
      else if (del === 'null-value') assert.equal(out!.value, null, mode);
      else assert.equal((out!.value as Struct).get('__deleted'), 'true', mode);
      assert.equal(t.apply(tombstone()) !== null, keepsTombstone, mode);
    }
    assert.throws(() => smt(D, { 'delete.tombstone.handling.mode': 'bogus' }), /delete.tombstone.handling.mode/);
  });

  it('add.fields / add.headers: envelope and source fields, prefixes, renames; absent header fields skipped', () => {
    const t = smt(D, {
      'add.fields': 'op,source.ts_ms,table:tbl_missing,source.table:tbl',
      'add.headers': 'op,source.db,nothing',
      'add.headers.prefix': 'dbz.',
    });
    const out = t.apply(change('u', row(1, 1), row(1, 2)))!;
    assert.deepEqual(plain(out.value as Struct), {
      id: 1,
      qty: 2,
      __op: 'u',
      __source_ts_ms: 1717000000000,
      __tbl_missing: null,
      __tbl: 'stock',
    });
    const hs = out.headers.toArray().map((h) => [h.key, h.value]);
    assert.deepEqual(hs, [
      ['dbz.op', 'u'],
      ['dbz.source_db', 'inv'],
    ]);
    const custom = smt(D, { 'add.fields': 'op', 'add.fields.prefix': '' }).apply(change('c', null, row(3, 3)))!;
    assert.equal((custom.value as Struct).get('op'), 'c');
  });

  it('truncates are dropped; records that are not envelopes pass unchanged', () => {
    const t = smt(D);
    const trunc = change('c', null, row(1, 1));
    (trunc.value as Struct).put('op', 't');
    assert.equal(t.apply(trunc), null);
    const hb: Schema = SchemaBuilder.struct()
      .name('io.debezium.connector.common.Heartbeat')
      .field('ts_ms', SchemaBuilder.int64().build())
      .build();
    const rec = sinkRecord({
      topic: '__debezium-heartbeat.shop',
      valueSchema: hb,
      value: new Struct(hb).put('ts_ms', 1),
    });
    assert.equal(t.apply(rec), rec);
  });

  it('route.by.field: the topic from a row field (before for deletes)', () => {
    const t = smt(D, { 'route.by.field': 'id', 'delete.handling.mode': 'rewrite' });
    assert.equal(t.apply(change('c', null, row(42, 1)))!.topic, '42');
    assert.equal(t.apply(change('d', row(7, 1), null))!.topic, '7');
  });
});
