// The plan of `connect apply`: masked secrets and service-added keys are never differences.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computePlan, configChanges, PASSWORD_MASK, planText } from '../src/apply/plan';

const base = { 'connector.class': 'DatagenSource', name: 'd', 'kafka.api.secret': 's3cret', 'tasks.max': '1' };
const server = {
  ...base,
  'kafka.api.secret': PASSWORD_MASK,
  'kafka.endpoint': 'SASL_SSL://x:9092',
  'cloud.provider': 'gcp',
};

describe('connect apply plan', () => {
  it('an unchanged connector with masked secrets and service keys is unchanged', () => {
    assert.deepEqual(configChanges(base, server), []);
    assert.deepEqual(computePlan([{ name: 'd', config: base }], { d: server }, false), [
      { action: 'unchanged', name: 'd' },
    ]);
  });

  it('changed, added and removed keys; prune deletes what the file lacks, sorted', () => {
    const desired = { ...base, 'tasks.max': '2', quickstart: 'ORDERS' };
    const current = { ...server, 'max.interval': '10' };
    const plan = computePlan(
      [
        { name: 'd', config: desired },
        { name: 'new', config: base },
      ],
      { d: current, z: {}, y: {} },
      true,
    );
    assert.deepEqual(
      plan.map((s) => s.action + ' ' + s.name),
      ['update d', 'create new', 'delete y', 'delete z'],
    );
    assert.equal(
      planText(plan, (k) => k.includes('secret')),
      [
        '~ update connector "d"',
        '    - max.interval',
        '    + quickstart: "ORDERS"',
        '    ~ tasks.max: "1" → "2"',
        '+ create connector "new"',
        '- delete connector "y"',
        '- delete connector "z"',
        'Plan: 1 to create, 1 to update, 2 to delete, 0 unchanged.',
        '',
      ].join('\n'),
    );
  });

  it('without --prune nothing is deleted; secret values are never printed', () => {
    const plan = computePlan(
      [{ name: 'd', config: { ...base, 'connection.password': 'pw' } }],
      { d: server, other: {} },
      false,
    );
    assert.deepEqual(
      plan.map((s) => s.action),
      ['update'],
    );
    assert.match(
      planText(plan, (k) => /password|secret/.test(k)),
      /\+ connection\.password: \(sensitive\)/,
    );
  });
});
