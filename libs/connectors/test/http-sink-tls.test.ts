// HttpSinkV2's TLS settings against a local https server with certificates made with openssl for
// the run: the PEM trust store, host verification on and off, the minimum protocol, a client
// certificate (key store), and egress checks on every connection.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EgressPolicy } from '../src/egress/egress-policy';
import { HttpClient } from '../src/http-sink/http-client';
import { parseHttpSinkConfig } from '../src/http-sink/http-sink-config';

let dir = '';
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

function cert(name: string, ca: string | null, san: string | null): void {
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
  );
  if (!ca) {
    openssl('x509', '-req', '-in', `${name}.csr`, '-signkey', `${name}.key`, '-days', '2', '-out', `${name}.pem`);
    return;
  }
  writeFileSync(join(dir, `${name}.ext`), san ? `subjectAltName=${san}\n` : 'basicConstraints=CA:FALSE\n');
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  );
}

describe('HttpSinkV2 TLS settings', () => {
  let server: Server;
  let url = '';
  const clients: HttpClient[] = [];
  const policy = new EgressPolicy({ devMode: true, deny: ['127.0.0.2'] });

  const client = (props: Record<string, string>) => {
    const c = parseHttpSinkConfig({ name: 't', 'tasks.max': '1', 'http.api.base.url': url, topics: 'x', ...props });
    const h = new HttpClient(policy, c.tls, 5000);
    clients.push(h);
    return h;
  };
  const get = (h: HttpClient, target = `${url}/x`) =>
    h.send({ method: 'GET', url: target, headers: {}, body: null, timeoutMs: 5000 });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-http-tls-'));
    writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\n');
    cert('ca', null, null);
    cert('server', 'ca', 'DNS:api.internal.test');
    cert('client', 'ca', null);
    server = createServer(
      {
        key: read('server.key'),
        cert: read('server.pem'),
        ca: read('ca.pem'),
        requestCert: true,
        rejectUnauthorized: false,
        maxVersion: 'TLSv1.2',
      },
      (req, res) => {
        const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
        res.end(JSON.stringify({ client: peer?.subject?.CN ?? null }));
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const c of clients) await c.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown CA, trusts the PEM trust store; host verification on and off', async () => {
    await assert.rejects(get(client({})), /self-signed|unable to verify|certificate/i);
    const trusting = {
      'https.ssl.enabled': 'true',
      'https.ssl.protocol': 'TLSv1.2',
      'https.ssl.truststorefile': read('ca.pem'),
    };
    // the certificate names api.internal.test, not 127.0.0.1
    await assert.rejects(get(client(trusting)), /IP: 127\.0\.0\.1 is not in the cert's list|altnames/i);
    const res = await get(client({ ...trusting, 'https.host.verifier.enabled': 'false' }));
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { client: null });
  });

  it('presents the key store as the client certificate; enforces https.ssl.protocol', async () => {
    const base = {
      'https.ssl.enabled': 'true',
      'https.ssl.protocol': 'TLSv1.2',
      'https.ssl.truststorefile': read('ca.pem'),
      'https.host.verifier.enabled': 'false',
    };
    const res = await get(client({ ...base, 'https.ssl.keystorefile': read('client.key') + read('client.pem') }));
    assert.deepEqual(JSON.parse(res.body), { client: 'client' });
    // the server stops at TLS 1.2; the default minimum is TLS 1.3
    await assert.rejects(get(client({ ...base, 'https.ssl.protocol': 'TLSv1.3' })), /protocol|version|alert/i);
  });

  it('checks every connection against the egress policy', async () => {
    const port = (server.address() as AddressInfo).port;
    await assert.rejects(get(client({}), `https://127.0.0.2:${port}/x`), /egress to 127\.0\.0\.2:\d+ refused/);
  });
});
