import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EgressPolicy, egressProblems, isInternalAddress } from '../src';

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

test("the platform's own endpoints are refused in every mode, whatever EGRESS_ALLOW says", async () => {
  const platform = ['127.0.0.1:5432', 'localhost:6379', 'db.example.com:5433', '0.0.0.0:8080'];
  for (const p of [
    new EgressPolicy({ devMode: true, lookup, platform }),
    new EgressPolicy({ devMode: false, lookup, platform, allow: ['127.0.0.0/8', 'localhost', 'db.example.com'] }),
  ]) {
    for (const [host, port] of [
      ['127.0.0.1', 5432],
      ['localhost', 5432], // a name for the same address
      ['127.0.0.1', 6379], // the address of a name
      ['::1', 6379],
      ['db.example.com', 5433],
      ['93.184.216.34', 5433],
      ['127.0.0.1', 8080], // a wildcard listener answers on every local address
    ] as const) {
      const d = await p.check(host, port);
      assert.equal(d.allowed, false, `${host}:${port}`);
      assert.match(d.allowed ? '' : d.reason, /platform's own services/);
    }
    // Other ports of the same hosts are ordinary targets; without a port only the address is judged.
    assert.equal((await p.check('127.0.0.1', 3306)).allowed, true);
    assert.equal((await p.check('db.example.com', 5432)).allowed, true);
    assert.equal((await p.check('127.0.0.1')).allowed, true);
  }
  assert.match(
    (await new EgressPolicy({ devMode: true, lookup, platform }).validationError(
      'connection.host',
      'localhost',
      5432,
    ))!,
    /^Invalid value localhost for configuration connection.host: localhost:5432 is one of the platform's own services/,
  );
});

test('fromEnv takes the platform endpoints from DATABASE_URL, REDIS_URL and the listeners (with their defaults)', async () => {
  const p = EgressPolicy.fromEnv({
    DEV_MODE: 'true',
    DATABASE_URL: 'postgresql://u@127.0.0.1:6543/x',
    REDIS_URL: 'redis://127.0.0.1',
    PORT: '8181',
    BROKER_PORT: '19092',
  });
  for (const port of [6543, 6379, 8181, 19092, 9464, 9465])
    assert.equal((await p.check('127.0.0.1', port)).allowed, false, String(port));
  assert.equal((await p.check('127.0.0.1', 5432)).allowed, true);
});

test("MySqlSink validation passes connection.port, so a platform service's port is refused", async () => {
  const policy = new EgressPolicy({ devMode: true, lookup, platform: ['127.0.0.1:5432'] });
  const props = { 'connection.host': 'localhost', 'connection.port': '5432' };
  assert.match((await egressProblems(props, policy))['connection.host']?.[0] ?? '', /platform's own services/);
  assert.deepEqual(await egressProblems({ ...props, 'connection.port': '3306' }, policy), {});
});
