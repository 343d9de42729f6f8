// A throw-away certificate authority for TLS tests, made with the `openssl` CLI at test time
// (node:crypto makes keys but not X.509 certificates): a CA and a server certificate it signed for
// localhost / 127.0.0.1, as PEM strings and files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  caCertFile: string;
  serverCertFile: string;
  serverKeyFile: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    if (err.code === 'ENOENT')
      throw new Error('TLS tests need the openssl CLI (apt-get install openssl)', { cause: e });
    throw new Error(`openssl ${args[0]} failed: ${err.stderr?.toString() ?? String(e)}`, { cause: e });
  }
}

/** A CA named `name` and a server certificate for localhost and 127.0.0.1 signed by it. */
export function makeTestPki(name = 'connectplane test CA'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'cp-pki-'));
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
    ],
    dir,
  );
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'],
    dir,
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
  const file = (f: string) => join(dir, f);
  return {
    dir,
    caCert: readFileSync(file('ca.pem'), 'utf8'),
    serverCert: readFileSync(file('server.pem'), 'utf8'),
    serverKey: readFileSync(file('server.key'), 'utf8'),
    caCertFile: file('ca.pem'),
    serverCertFile: file('server.pem'),
    serverKeyFile: file('server.key'),
  };
}
