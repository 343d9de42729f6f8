import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DatagenTaskStream } from './datagen-task';
import { validateDatagenConfig } from './validate-config';

const config = (extra: Record<string, string> = {}) => {
  const v = validateDatagenConfig({ 'kafka.topic': 'orders', quickstart: 'ORDERS', 'tasks.max': '2', ...extra });
  assert.equal(v.errorCount, 0, JSON.stringify(v.errors));
  return v.config!;
};

describe('DatagenTaskStream', () => {
  it('keys, headers and offsets follow the reference connector', () => {
    const s = new DatagenTaskStream(config({ 'random.seed': '5' }), 1);
    const r0 = s.next();
    assert.equal(r0.iteration, 0);
    assert.equal(r0.keyValue, 0);
    assert.equal(r0.key, '0');
    assert.equal(r0.value.orderid, 0);
    assert.deepEqual(r0.headers, { 'task.generation': 0, 'task.id': 1, 'current.iteration': 0 });
    assert.deepEqual(r0.sourcePartition, { 'task.id': 1 });
    assert.deepEqual(r0.sourceOffset, { 'task.generation': 1, 'current.iteration': 1, 'random.seed': '5' });
    assert.equal(s.next().key, '1');
  });

  it('a restart from the stored offset continues the stream instead of repeating it', () => {
    const cfg = config(); // no random.seed: the seed travels in the offset
    const first = new DatagenTaskStream(cfg, 0);
    const records = Array.from({ length: 5 }, () => first.next());
    const offset = records[2].sourceOffset;
    const resumed = new DatagenTaskStream(cfg, 0, offset);
    const r3 = resumed.next();
    assert.deepEqual(r3.value, records[3].value);
    assert.equal(r3.key, '3');
    assert.equal(r3.headers['task.generation'], 1);
    assert.equal(resumed.produced, 4);
  });

  it('stops after `iterations` records per task with the reference message', () => {
    const s = new DatagenTaskStream(config({ iterations: '3' }), 0);
    for (let i = 0; i < 3; i++) s.next();
    assert.equal(s.finished, true);
    assert.equal(s.finishedMessage, 'Stopping connector: generated the configured 3 number of messages');
    assert.throws(() => s.next(), /generated the configured 3/);
    assert.equal(new DatagenTaskStream(config({ iterations: '-1' }), 0).finished, false);
  });

  it('null keys for schema.string without schema.keyfield', () => {
    const v = validateDatagenConfig({
      'kafka.topic': 't',
      'tasks.max': '1',
      'schema.string': '{"type":"record","name":"r","fields":[{"name":"a","type":"int"}]}',
    });
    const r = new DatagenTaskStream(v.config!, 0).next();
    assert.equal(r.key, null);
    assert.equal(r.keyValue, null);
  });

  it('string keys from a custom keyfield; delays honour max.interval', () => {
    const s = new DatagenTaskStream(config({ 'schema.keyfield': 'itemid', 'max.interval': '50' }), 0);
    const r = s.next();
    assert.match(r.key!, /^Item_\d{3}$/);
    const d = s.delayMs();
    assert.ok(d >= 0 && d < 50);
    assert.equal(new DatagenTaskStream(config({ 'max.interval': '0' }), 0).delayMs(), 0);
  });

  it('double keys are rendered like Java', () => {
    const s = new DatagenTaskStream(config({ 'schema.keyfield': 'orderunits', 'random.seed': '1' }), 0);
    const r = s.next();
    assert.equal(typeof r.keyValue, 'number');
    assert.match(r.key!, /^\d\.\d+$/);
  });
});
