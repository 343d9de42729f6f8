import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EgressPolicy, isInternalAddress } from '../src';

const lookup = async (h: string) =>
  ({
    'db.example.com': ['93.184.216.34'],
    'internal.example.com': ['10.1.2.3'],
    'mixed.example.com': ['93.184.216.34', '127.0.0.1'],
    localhost: ['127.0.0.1', '::1'],
  })[h] ?? [];

test('internal ranges', () => {
  for (const a of [
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '0.0.0.0',
    '100.64.0.1',
  ])
    assert.ok(isInternalAddress(a), a);
  for (const a of ['8.8.8.8', '93.184.216.34', '2606:4700::1111']) assert.ok(!isInternalAddress(a), a);
});

test('production denies internal targets (after DNS), allow list opens them, deny list wins', async () => {
  const prod = new EgressPolicy({ devMode: false, lookup });
  assert.equal((await prod.check('db.example.com')).allowed, true);
  for (const h of ['127.0.0.1', 'localhost', 'internal.example.com', 'mixed.example.com', '169.254.169.254', '[::1]'])
    assert.equal((await prod.check(h)).allowed, false, h);
  assert.match(
    (await prod.validationError('connection.host', 'localhost'))!,
    /^Invalid value localhost for configuration connection.host: .*127\.0\.0\.1/,
  );
  assert.match((await prod.validationError('connection.host', 'nope.invalid'))!, /could not be resolved/);
  const allowed = new EgressPolicy({ devMode: false, lookup, allow: ['10.0.0.0/8', 'localhost'] });
  assert.equal((await allowed.check('internal.example.com')).allowed, true);
  assert.equal((await allowed.check('localhost')).allowed, true);
  assert.equal((await allowed.check('192.168.0.1')).allowed, false);
  const deny = new EgressPolicy({ devMode: true, lookup, deny: ['*.example.com', '93.184.216.0/24'] });
  assert.equal((await deny.check('db.example.com')).allowed, false);
  assert.equal((await deny.check('93.184.216.34')).allowed, false);
  assert.equal((await deny.check('127.0.0.1')).allowed, true); // dev mode
});

test('fromEnv reads EGRESS_ALLOW / EGRESS_DENY / DEV_MODE', async () => {
  const p = EgressPolicy.fromEnv({ EGRESS_ALLOW: '127.0.0.1', EGRESS_DENY: '', DEV_MODE: 'false' });
  assert.equal(p.devMode, false);
  assert.equal((await p.check('127.0.0.1')).allowed, true);
  assert.equal((await p.check('10.0.0.1')).allowed, false);
  assert.equal(EgressPolicy.fromEnv({ NODE_ENV: 'development' }).devMode, true);
});
