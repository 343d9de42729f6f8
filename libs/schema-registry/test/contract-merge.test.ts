// Config defaults/overrides merged into a registration's metadata and ruleSet (later wins: properties
// and tags by key, sensitive as a union, rules by name), and the compatibility group of a schema.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyContractConfig, groupOf, mergeMetadata, mergeRuleSet } from '../src/contract-merge';

describe('contract merge', () => {
  it('merges metadata: properties and tags by key, sensitive as a union', () => {
    assert.deepEqual(
      mergeMetadata(
        { properties: { a: '1', b: '1' }, tags: { f: ['X'] }, sensitive: ['s1'] },
        { properties: { b: '2' }, tags: { g: ['Y'] }, sensitive: ['s1', 's2'] },
      ),
      { properties: { a: '1', b: '2' }, tags: { f: ['X'], g: ['Y'] }, sensitive: ['s1', 's2'] },
    );
    assert.equal(mergeMetadata(undefined, undefined), undefined);
  });

  it('merges rule sets: a rule of the same name is replaced, others kept in order', () => {
    assert.deepEqual(
      mergeRuleSet(
        { domainRules: [{ name: 'a', expr: '1' }, { name: 'b' }] },
        { domainRules: [{ name: 'a', expr: '2' }], migrationRules: [{ name: 'm' }] },
      ),
      { domainRules: [{ name: 'b' }, { name: 'a', expr: '2' }], migrationRules: [{ name: 'm' }] },
    );
  });

  it('applies default, then the request, then the override; nothing configured leaves the request as is', () => {
    const cfg = {
      defaultMetadata: { properties: { owner: 'd', v: '1' } },
      overrideMetadata: { properties: { owner: 'o' } },
      defaultRuleSet: { domainRules: [{ name: 'r' }] },
    };
    assert.deepEqual(applyContractConfig({ metadata: { properties: { owner: 'req', v: '2' } } }, cfg), {
      metadata: { properties: { owner: 'o', v: '2' } },
      ruleSet: { domainRules: [{ name: 'r' }] },
    });
    assert.deepEqual(applyContractConfig({}, {}), {});
    assert.equal(groupOf({ properties: { major: '2' } }, 'major'), '2');
    assert.equal(groupOf(null, 'major'), undefined);
    assert.equal(groupOf({ properties: { major: '2' } }, undefined), undefined);
  });
});
