// Burrow (Debian's `burrow`, LinkedIn's consumer-lag checker) against the broker: it learns
// committed offsets by reading the tenant's `__consumer_offsets` topic and broker offsets with
// ListOffsets, then reports a group's lag over its HTTP API.
// Burrow needs ZooKeeper for its own coordination: the test starts Debian's `zookeeper` privately.
import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka } from 'kafkajs';
import { kafkajsConfig, startTestBroker, TENANT_A, TestBroker } from './harness';

const BURROW = '/usr/bin/Burrow';
const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
const installed = existsSync(BURROW) && existsSync(ZOOKEEPER_JAR) && spawnSync('java', ['-version']).status === 0;
const skip = installed ? false : process.env.CI ? false : 'burrow or zookeeper not installed';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${String(last ?? '')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function zookeeperServes(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    let answer = '';
    const s = connect(port, '127.0.0.1', () => s.end('srvr'));
    s.on('data', (d: Buffer) => (answer += d.toString()));
    s.once('close', () => resolve(answer.includes('Zookeeper version') ? true : undefined));
    s.once('error', () => resolve(undefined));
  });
}

function burrowConfig(dir: string, brokerPort: number, zkPort: number, httpPort: number): string {
  return `
[general]
pidfile="${join(dir, 'burrow.pid')}"
[logging]
level="warn"
[zookeeper]
servers=["127.0.0.1:${zkPort}"]
root-path="/burrow"
[sasl.tenant]
username="${TENANT_A.username}"
password="${TENANT_A.password}"
handshake-first=true
[client-profile.tenant]
client-id="burrow"
# Burrow's default (0.8) fetches with Fetch v0, whose message format this broker does not serve
# (neither does Kafka 4.0): 0.11+ is required, as with Kafka 4.0.
kafka-version="2.0.0"
sasl="tenant"
[cluster.local]
class-name="kafka"
servers=["127.0.0.1:${brokerPort}"]
client-profile="tenant"
topic-refresh=1
offset-refresh=1
[consumer.local]
class-name="kafka"
cluster="local"
servers=["127.0.0.1:${brokerPort}"]
client-profile="tenant"
start-latest=false
[storage.default]
class-name="inmemory"
intervals=10
expire-group=604800
min-distance=1
[evaluator.default]
class-name="caching"
expire-cache=1
[httpserver.default]
address="127.0.0.1:${httpPort}"
`;
}

describe('Burrow reads __consumer_offsets', { skip }, () => {
  let tb: TestBroker;
  let dir: string;
  const children: ChildProcess[] = [];
  let httpPort = 0;

  before(async () => {
    tb = await startTestBroker();
    dir = mkdtempSync(join(tmpdir(), 'burrow-test-'));
    const zkPort = await freePort();
    httpPort = await freePort();
    children.push(
      spawn(
        'java',
        [
          '-Xmx64m',
          '-cp',
          ZOOKEEPER_JAR,
          'org.apache.zookeeper.server.ZooKeeperServerMain',
          String(zkPort),
          join(dir, 'zk'),
        ],
        { stdio: 'ignore' },
      ),
    );
    writeFileSync(join(dir, 'burrow.toml'), burrowConfig(dir, tb.broker.port, zkPort, httpPort));
    // Burrow exits when ZooKeeper does not serve yet: started once ZooKeeper answers `srvr` (the one
    // four-letter command it allows by default), not merely when its port is open.
    await waitFor('zookeeper', () => zookeeperServes(zkPort), 60_000);
    const out = process.env.BURROW_DEBUG ? 'inherit' : 'ignore'; // its log, when debugging this test
    children.push(spawn(BURROW, ['--config-dir', dir], { stdio: ['ignore', out, out] }));
  });

  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    await tb.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports a real consumer group's committed offsets and lag", async () => {
    const kafka = new Kafka(kafkajsConfig(tb.bootstrap, TENANT_A, 'burrow-test'));
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'lagged', numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    const send = (n: number, from: number) =>
      producer.send({
        topic: 'lagged',
        messages: Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` })),
      });
    await send(30, 0);
    const consumer = kafka.consumer({ groupId: 'burrow-group' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'lagged', fromBeginning: true });
    let seen = 0;
    await consumer.run({
      eachMessage: async () => {
        seen++;
      },
    });
    await waitFor('30 records consumed', async () => (seen >= 30 ? true : undefined), 30_000);
    await consumer.disconnect(); // commits on the way out
    await send(12, 30);
    await producer.disconnect();
    await admin.disconnect();

    const base = `http://127.0.0.1:${httpPort}/v3/kafka/local`;
    const lag = await waitFor(
      'Burrow to report the group lag',
      async () => {
        const r = await fetch(`${base}/consumer/burrow-group/lag`);
        if (!r.ok) return undefined;
        const body = (await r.json()) as { status?: { totallag: number; partitions: unknown[] } };
        return body.status && body.status.totallag === 12 ? body.status : undefined;
      },
      // Burrow evaluates on its own schedule; at a load average of 8 a minute was not always enough
      120_000,
    );
    assert.equal(lag.partitions.length, 2);
    // Only this tenant's groups, and the internal topic is not listed as a user topic.
    const topics = (await (await fetch(`${base}/topic`)).json()) as { topics: string[] };
    assert.ok(topics.topics.includes('lagged'));
    assert.ok(!topics.topics.includes('__consumer_offsets'));
  });
});
