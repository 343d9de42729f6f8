// produce/consume --config / --config-file (librdkafka property names) → kafkajs settings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientSettings, readClientConfig } from '../src/commands/client-config';

describe('client config properties', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-client-config-'));

  it('reads a properties file or a JSON object; --config entries win over the file', () => {
    const props = join(dir, 'c.properties');
    writeFileSync(props, '# comment\n! also a comment\nclient.id = from-file\nacks: 1\n\nsasl.password=a=b\n');
    assert.deepEqual(readClientConfig({ configFile: props, config: ['acks=all,linger.ms=5'] }), {
      'client.id': 'from-file',
      acks: 'all',
      'sasl.password': 'a=b',
      'linger.ms': '5',
    });
    const json = join(dir, 'c.json');
    writeFileSync(json, JSON.stringify({ 'fetch.min.bytes': 10 }));
    assert.deepEqual(readClientConfig({ configFile: json }), { 'fetch.min.bytes': '10' });
    assert.throws(() => readClientConfig({ configFile: join(dir, 'missing') }), /unable to read --config-file/);
  });

  it('maps what kafkajs has and lists the rest as ignored', () => {
    const s = clientSettings({
      'client.id': 'x',
      'bootstrap.servers': 'SASL_SSL://a:9092,b:9092',
      'security.protocol': 'sasl_plaintext',
      'sasl.mechanism': 'SCRAM-SHA-256',
      'sasl.username': 'u',
      acks: 'all',
      'enable.idempotence': 'true',
      'group.id': 'g',
      'auto.offset.reset': 'earliest',
      'max.partition.fetch.bytes': '1024',
      'linger.ms': '5',
      'compression.codec': 'lz4',
    });
    assert.deepEqual(s.kafka, { clientId: 'x', brokers: ['a:9092', 'b:9092'] });
    assert.equal(s.securityProtocol, 'SASL_PLAINTEXT');
    assert.deepEqual(s.sasl, { mechanism: 'scram-sha-256', username: 'u' });
    assert.deepEqual(s.send, { acks: -1 });
    assert.deepEqual(s.producer, { idempotent: true });
    assert.deepEqual(s.consumer, { groupId: 'g', maxBytesPerPartition: 1024 });
    assert.equal(s.fromBeginning, true);
    assert.deepEqual(s.ignored, ['linger.ms', 'compression.codec']);
    assert.throws(() => clientSettings({ 'session.timeout.ms': 'soon' }), /"soon" is not an integer/);
  });
});
