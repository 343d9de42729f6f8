// The kafkajs socket factory of external clusters: every connection asks the egress guard first,
// connects to the address the guard checked (not a second DNS answer), never touches a denied
// target, keeps TLS name verification, and refuses everything when no guard is installed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { after, before, test } from 'node:test';
import type { Socket } from 'node:net';
import { EgressDeniedError, egressSocketFactory, installEgressGuard, type EgressGuard } from '../src';

let plain: Server;
let plainPort: number;
let accepted = 0;
const dir = mkdtempSync(join(tmpdir(), 'cp-egress-socket-'));

before(async () => {
  plain = createServer((s) => {
    accepted++;
    s.end('hello');
  });
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  plainPort = (plain.address() as AddressInfo).port;
});
after(() => {
  plain.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with what the socket read, or rejects with its error. */
function outcome(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

const checks: { host: string; port?: number }[] = [];
const allowTo = (address: string): EgressGuard => ({
  check: async (host, port) => {
    checks.push({ host, port });
    return { allowed: true, addresses: [address] };
  },
});
const deny: EgressGuard = { check: async () => ({ allowed: false, reason: 'not for tenants', addresses: [] }) };

test('an allowed target is checked with its port and reached at the checked address', async () => {
  let connected = false;
  const socket = egressSocketFactory(allowTo('127.0.0.1'))({
    host: 'kafka.example.invalid', // never resolved by anyone but the guard
    port: plainPort,
    ssl: undefined as never,
    onConnect: () => (connected = true),
  });
  assert.equal(await outcome(socket), 'hello');
  assert.ok(connected);
  assert.deepEqual(checks.at(-1), { host: 'kafka.example.invalid', port: plainPort });
});

test('a denied target fails with EgressDeniedError and is never connected to', async () => {
  const before = accepted;
  const socket = egressSocketFactory(deny)({
    host: '127.0.0.1',
    port: plainPort,
    ssl: undefined as never,
    onConnect: () => assert.fail('connected'),
  });
  await assert.rejects(outcome(socket), (e: Error) => {
    assert.ok(e instanceof EgressDeniedError);
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${plainPort} refused by the egress policy: not for tenants`));
    return true;
  });
  assert.equal(accepted, before);
});

test('no guard given or installed: refused (fail closed); an installed one is used', async () => {
  installEgressGuard(null);
  const make = () =>
    egressSocketFactory()({ host: '127.0.0.1', port: plainPort, ssl: undefined as never, onConnect: () => undefined });
  await assert.rejects(outcome(make()), /no egress policy is installed/);
  installEgressGuard(allowTo('127.0.0.1'));
  try {
    assert.equal(await outcome(make()), 'hello');
  } finally {
    installEgressGuard(null);
  }
});

test('TLS over the checked connection verifies the server name; a denied TLS target fails before any handshake', async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=kafka.test',
      '-addext',
      'subjectAltName=DNS:kafka.test',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
    ],
    { cwd: dir, stdio: 'pipe' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'));
  const server = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (s) => s.end('secure hello'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const factory = egressSocketFactory(allowTo('127.0.0.1'));
    const ssl = { ca: [cert] } as never;
    assert.equal(await outcome(factory({ host: 'kafka.test', port, ssl, onConnect: () => undefined })), 'secure hello');
    await assert.rejects(
      outcome(factory({ host: 'other.test', port, ssl, onConnect: () => undefined })),
      /does not match certificate/,
    );
    await assert.rejects(
      outcome(egressSocketFactory(deny)({ host: 'kafka.test', port, ssl, onConnect: () => undefined })),
      EgressDeniedError,
    );
  } finally {
    server.close();
  }
});
