// MySqlSink ssl.mode against a PRIVATE MariaDB with TLS (certificates made with openssl for the run):
// verify-ca checks the chain against ssl.truststorefile but not the name, verify-full checks both,
// require encrypts without checking, and a wrong CA or a wrong name fails the task without retries.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SchemaBuilder, SinkRecord, Struct, type Props } from '@libs/connect-spi';
import { EgressPolicy, MySqlSinkTask } from '../src';
import { PrivateMariaDb } from './private-mariadb';

const DB = 'cp_tls';
let certs = '';
let db: PrivateMariaDb;
const tasks: MySqlSinkTask[] = [];

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });

/** A self-signed CA (`<name>.pem`, `<name>.key`). */
function makeCa(name: string): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
  );
}
/** A server certificate signed by `ca` for `san` (e.g. IP:127.0.0.1). */
function makeServerCert(ca: string, name: string, san: string): void {
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
  writeFileSync(join(certs, `${name}.ext`), `subjectAltName=${san}\n`);
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
const pem = (name: string) => readFileSync(join(certs, `${name}.pem`), 'utf8');
const tlsArgs = (server: string) => [
  `--ssl-ca=${join(certs, 'ca.pem')}`,
  `--ssl-cert=${join(certs, `${server}.pem`)}`,
  `--ssl-key=${join(certs, `${server}.key`)}`,
];

before(async () => {
  certs = mkdtempSync(join(tmpdir(), 'cp-tls-'));
  makeCa('ca');
  makeCa('other-ca');
  makeServerCert('ca', 'by-ip', 'IP:127.0.0.1');
  makeServerCert('ca', 'by-other-name', 'DNS:db.elsewhere.example');
  db = await PrivateMariaDb.create(tlsArgs('by-ip'));
  await db.query(`CREATE DATABASE ${DB}`);
});

after(async () => {
  for (const t of tasks) await t.stop().catch(() => undefined);
  await db?.destroy();
  if (certs) rmSync(certs, { recursive: true, force: true });
});

const schema = SchemaBuilder.struct().field('id', SchemaBuilder.int32().build()).build();
let offset = 0;
const record = (topic: string, id: number) =>
  new SinkRecord(topic, 0, null, null, schema, new Struct(schema).put('id', id), offset++);

async function put(topic: string, extra: Props): Promise<void> {
  const t = new MySqlSinkTask();
  tasks.push(t);
  t.hooks.policy = new EgressPolicy({ devMode: true });
  await t.start({
    name: `tls-${topic}`,
    'connector.class': 'MySqlSink',
    'connection.host': '127.0.0.1',
    'connection.port': String(db.port),
    'connection.user': 'root',
    'connection.password': '',
    'db.name': DB,
    'input.data.format': 'AVRO',
    topics: topic,
    'tasks.max': '1',
    'auto.create': 'true',
    'max.retries': '0',
    ...extra,
  });
  try {
    await t.put([record(topic, 1)]);
  } finally {
    await t.stop();
  }
}
const rows = async (table: string) => (await db.query<{ n: number }[]>(`SELECT COUNT(*) n FROM \`${table}\``, DB))[0].n;

test('the private server speaks TLS', async () => {
  const [row] = await db.query<{ Value: string }[]>("SHOW GLOBAL VARIABLES LIKE 'have_ssl'");
  assert.equal(row.Value, 'YES');
});

test('verify-full and verify-ca accept a certificate from the trusted CA naming the host', async () => {
  await put('full_ok', { 'ssl.mode': 'verify-full', 'ssl.truststorefile': pem('ca') });
  await put('ca_ok', { 'ssl.mode': 'verify-ca', 'ssl.truststorefile': pem('ca') });
  assert.equal(await rows('full_ok'), 1);
  assert.equal(await rows('ca_ok'), 1);
});

test('a certificate from another CA is refused by verify-ca and verify-full; require and prefer still connect', async () => {
  for (const mode of ['verify-ca', 'verify-full'])
    await assert.rejects(
      put(`wrong_ca_${mode.replace('-', '_')}`, { 'ssl.mode': mode, 'ssl.truststorefile': pem('other-ca') }),
      /certificate|self.signed|unable to verify/i,
      mode,
    );
  await put('require_ok', { 'ssl.mode': 'require' });
  await put('prefer_ok', { 'ssl.mode': 'prefer' });
  assert.equal(await rows('require_ok'), 1);
  assert.equal(await rows('prefer_ok'), 1);
});

test('a certificate naming another host passes verify-ca but not verify-full', async () => {
  await db.stop();
  await db.start(tlsArgs('by-other-name'));
  await put('name_ca_ok', { 'ssl.mode': 'verify-ca', 'ssl.truststorefile': pem('ca') });
  assert.equal(await rows('name_ca_ok'), 1);
  await assert.rejects(
    put('name_full', { 'ssl.mode': 'verify-full', 'ssl.truststorefile': pem('ca') }),
    /altnames|Hostname|does not match|IP: 127\.0\.0\.1/i,
  );
});
