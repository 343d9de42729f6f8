// The TLS listener (SASL_SSL and SSL beside SASL_PLAINTEXT): kafkajs trusting a test CA produces and
// consumes over TLS, each listener advertises its own port in Metadata, connections without SASL on
// the TLS port belong to the anonymous tenant only when one is configured, and a client that does not
// trust the CA, or speaks plain Kafka to the TLS port, is refused without harm to the broker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { startTestBroker, TENANT_A, type TestBroker } from './harness';
import { makeTestPki, type TestPki } from '../../../test/support/test-ca';

let pki: TestPki;
let tb: TestBroker;
before(async () => {
  pki = makeTestPki();
  tb = await startTestBroker({
    tls: { port: 0, cert: pki.serverCert, key: pki.serverKey, anonymousTenant: 'lkc-anon' },
    advertisedHost: 'localhost',
  });
});
after(() => tb.stop());

const base = (port: number, extra: Partial<KafkaConfig> = {}): KafkaConfig => ({
  clientId: 'tls-test',
  brokers: [`localhost:${port}`],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  retry: { retries: 0 },
  ...extra,
});
// a fresh object per client: kafkajs stores its authenticator (holding the credentials) on the object it is given
const sasl = (password = TENANT_A.password) => ({ mechanism: 'plain' as const, username: TENANT_A.username, password });

describe('broker TLS listener', () => {
  it('SASL_SSL: produce, consume and Metadata advertising the TLS port; SASL_PLAINTEXT keeps its own port', async () => {
    const tlsPort = tb.broker.tlsPort!;
    assert.ok(tlsPort > 0 && tlsPort !== tb.broker.port);
    const kafka = new Kafka(base(tlsPort, { ssl: { ca: [pki.caCert] }, sasl: sasl() }));
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'over-tls', numPartitions: 1 }] });
    const cluster = await admin.describeCluster();
    assert.deepEqual(
      cluster.brokers.map((b) => `${b.host}:${b.port}`),
      [`localhost:${tlsPort}`],
    );
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'over-tls', messages: [{ value: 'secret' }] });
    await producer.disconnect();

    // the same tenant over SASL_PLAINTEXT sees the record and is told the plain port
    const plain = new Kafka(base(tb.broker.port, { sasl: sasl() }));
    const padmin = plain.admin();
    await padmin.connect();
    const pc = await padmin.describeCluster();
    assert.deepEqual(
      pc.brokers.map((b) => b.port),
      [tb.broker.port],
    );
    const offsets = await padmin.fetchTopicOffsets('over-tls');
    assert.equal(offsets[0]!.high, '1');
    await padmin.disconnect();
  });

  it('SSL without SASL: the anonymous tenant, not tenant A', async () => {
    const kafka = new Kafka(base(tb.broker.tlsPort!, { ssl: { ca: [pki.caCert] } }));
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'anon-only' }] });
    const topics = await admin.listTopics();
    assert.ok(topics.includes('anon-only'));
    assert.ok(!topics.includes('over-tls'), `${topics.join(',')}`);
    await admin.disconnect();
  });

  it('a client that does not trust the CA fails the handshake; plain Kafka on the TLS port is dropped; the broker serves on', async () => {
    const other = makeTestPki('some other CA');
    const untrusted = new Kafka(base(tb.broker.tlsPort!, { ssl: { ca: [other.caCert] }, sasl: sasl() })).admin();
    await assert.rejects(untrusted.connect(), /self[- ]signed|unable to verify|certificate/i);
    const plainOnTls = new Kafka(
      base(tb.broker.tlsPort!, { sasl: sasl(), connectionTimeout: 1000, requestTimeout: 1000 }),
    ).admin();
    await assert.rejects(plainOnTls.connect());
    const ok = new Kafka(base(tb.broker.tlsPort!, { ssl: { ca: [pki.caCert] }, sasl: sasl() })).admin();
    await ok.connect();
    await ok.listTopics();
    await ok.disconnect();
    assert.match(await tb.broker.metricsText(), /broker_protocol_errors_total [1-9]/);
  });

  it('a wrong password over SASL_SSL is refused with the SASL error', async () => {
    const admin = new Kafka(base(tb.broker.tlsPort!, { ssl: { ca: [pki.caCert] }, sasl: sasl('wrong') })).admin();
    await assert.rejects(admin.connect(), /Invalid username or password/);
  });

  it('an unusable certificate stops start-up with a clear error and leaves the data dir unlocked', async () => {
    await assert.rejects(
      startTestBroker({ tls: { port: 0, cert: 'not a certificate', key: pki.serverKey } }),
      /broker TLS listener: unusable certificate or key/,
    );
  });
});
