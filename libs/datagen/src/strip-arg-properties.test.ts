import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findQuickstart, listQuickstarts, loadQuickstartSchema } from './quickstarts';
import { stripArgProperties } from './strip-arg-properties';

describe('stripArgProperties', () => {
  it('removes every arg.properties from the quickstarts and leaves the rest', () => {
    for (const q of listQuickstarts()) {
      const text = JSON.stringify(stripArgProperties(loadQuickstartSchema(q)));
      assert.ok(!text.includes('arg.properties'), q.name);
    }
    const orders = stripArgProperties(loadQuickstartSchema(findQuickstart('ORDERS')!));
    assert.deepEqual(JSON.parse(JSON.stringify(orders)).fields[4].type.fields[2], {
      name: 'zipcode',
      type: { type: 'long' },
    });
  });

  it('does not modify the cached quickstart schema', () => {
    const def = findQuickstart('TRANSACTIONS')!;
    stripArgProperties(loadQuickstartSchema(def));
    assert.ok(JSON.stringify(loadQuickstartSchema(def)).includes('arg.properties'));
  });

  it('strips field-level annotations', () => {
    const s = stripArgProperties({
      type: 'record',
      name: 'r',
      fields: [{ name: 'u', type: ['null', 'int'], 'arg.properties': { position: 1 } }],
    });
    assert.deepEqual(s, { type: 'record', name: 'r', fields: [{ name: 'u', type: ['null', 'int'] }] });
  });
});
