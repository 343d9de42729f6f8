// While the Metrics API store (Postgres) is unreachable, the broker's metric flushes fail quietly:
// one error line however many flushes fail, the broker keeps serving, and closing does not throw.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, StaticAuthenticator, type BrokerHandle, type Logger } from '@libs/broker';
import { loadConfig } from '@libs/config';
import { PlatformRepository, PrismaService } from '@libs/db';
import { startKafkaMetrics, type KafkaMetrics } from '../../../apps/broker/src/control-plane/kafka-metrics';
import { freePort } from '../../support/free-port';
import { applyTestEnv } from '../../support/test-env';
import { waitFor } from '../../support/wait-for';

const USER = { username: 'METRICSDOWN', password: 'secret-metrics-down', tenant: 'lkc-metricsdown' };

describe('broker metrics while the store is down', () => {
  let broker: BrokerHandle;
  let db: PrismaService;
  let metrics: KafkaMetrics;
  const errors: unknown[] = [];
  const log: Logger = { info: () => undefined, warn: () => undefined, error: (obj) => errors.push(obj) };

  before(async () => {
    applyTestEnv();
    // nothing listens there: every write fails at connect
    db = new PrismaService(
      loadConfig({ ...process.env, DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/none` }),
    );
    broker = await startBroker({
      host: '127.0.0.1',
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'cp-metrics-down-')),
      authenticator: new StaticAuthenticator([USER]),
      fsync: { mode: 'never' },
    });
    metrics = startKafkaMetrics(broker, new PlatformRepository(db).metricSeries, log, { flushMs: 100 });
  });
  after(async () => {
    await broker.close();
    await db.$disconnect();
  });

  it('logs the failure once and keeps serving', async () => {
    const kafka = new Kafka({
      clientId: 'metrics-down',
      brokers: [`127.0.0.1:${broker.port}`],
      sasl: { mechanism: 'plain', username: USER.username, password: USER.password },
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'still-up', messages: [{ value: 'a' }] });
    await assert.rejects(metrics.flush(), 'a flush reports the store error to its caller');
    // the timer's flushes keep failing; throttled to one line
    await waitFor('the first error line', () => errors.length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(errors.length, 1, 'one line per minute at most');
    await producer.send({ topic: 'still-up', messages: [{ value: 'b' }] });
    await producer.disconnect();
    await metrics.close(); // logs (throttled) instead of throwing
  });
});
