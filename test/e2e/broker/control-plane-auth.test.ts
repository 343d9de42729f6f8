// The embedded broker authenticates through the control plane: cluster API keys created with IAM
// open exactly their cluster's namespace; revocation and cluster deletion take effect at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { provisionCluster, startStack, type ProvisionedCluster, type Stack } from '../../support/stack-harness';
import type { Credentials } from '../../support/http-client';
import { waitFor } from '../../support/wait-for';

function kafka(stack: Stack, c: Credentials): Kafka {
  return new Kafka({
    clientId: 'cp-test',
    brokers: [stack.brokerAddress],
    sasl: { mechanism: 'plain', username: c.key, password: c.secret },
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 3000,
  });
}

async function withAdmin<T>(stack: Stack, c: Credentials, fn: (a: Admin) => Promise<T>): Promise<T> {
  const admin = kafka(stack, c).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

describe('broker ⇄ control plane', () => {
  let stack: Stack;
  let a: ProvisionedCluster;
  let b: ProvisionedCluster;
  let cloudKeyA: Credentials;

  before(async () => {
    stack = await startStack();
    const tenantA = await stack.api.newTenant();
    const tenantB = await stack.api.newTenant();
    a = await provisionCluster(stack.api, tenantA, 'a');
    b = await provisionCluster(stack.api, tenantB, 'b');
    cloudKeyA = tenantA.admin;
  });
  after(() => stack.close());

  it('CMK points the bootstrap endpoint at the embedded broker', async () => {
    const env = a.environmentId;
    const res = await stack.api.request('GET', `/cmk/v2/clusters/${a.clusterId}?environment=${env}`, {
      auth: cloudKeyA,
    });
    assert.equal(res.body.spec.kafka_bootstrap_endpoint, `SASL_PLAINTEXT://${stack.brokerAddress}`);
  });

  it('a cluster key produces and consumes in its own cluster', async () => {
    const k = kafka(stack, a.key);
    const producer = k.producer();
    await producer.connect();
    await withAdmin(stack, a.key, (admin) => admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 1 }] }));
    await producer.send({ topic: 'orders', messages: [{ key: 'k', value: 'from-a' }] });
    await producer.disconnect();
    const consumer = k.consumer({ groupId: 'g-a' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    const got = await new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
    });
    await consumer.disconnect();
    assert.equal(got, 'from-a');
  });

  it("another tenant's key sees none of it and keeps its own namespace", async () => {
    const topicsB = await withAdmin(stack, b.key, (admin) => admin.listTopics());
    assert.ok(!topicsB.includes('orders'));
    await withAdmin(stack, b.key, (admin) => admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 2 }] }));
    const metaA = await withAdmin(stack, a.key, (admin) => admin.fetchTopicMetadata({ topics: ['orders'] }));
    assert.equal(metaA.topics[0]?.partitions.length, 1, "B's orders (2 partitions) is a different topic from A's (1)");
    const groupsB = await withAdmin(stack, b.key, (admin) => admin.listGroups());
    assert.ok(!groupsB.groups.some((g) => g.groupId === 'g-a'));
  });

  it('cloud keys and wrong secrets are refused with SASL errors', async () => {
    await assert.rejects(
      withAdmin(stack, cloudKeyA, (admin) => admin.listTopics()),
      /SASL|authentication/i,
    );
    await assert.rejects(
      withAdmin(stack, { key: a.key.key, secret: 'wrong' }, (admin) => admin.listTopics()),
      /SASL|authentication/i,
    );
  });

  it('deleting a key closes its open connections and refuses it from then on', async () => {
    const tenant = await stack.api.newTenant();
    const c = await provisionCluster(stack.api, tenant, 'c');
    const admin = kafka(stack, c.key).admin();
    await admin.connect();
    await admin.listTopics();
    const del = await stack.api.request('DELETE', `/iam/v2/api-keys/${c.key.key}`, { auth: tenant.admin });
    assert.equal(del.status, 204);
    // the broker hears of the deletion through Redis: its open connection is closed, a new login refused
    await waitFor('the open connection of the deleted key to fail', () =>
      admin.listTopics().then(
        () => false,
        () => true,
      ),
    );
    await admin.disconnect();
    await assert.rejects(
      withAdmin(stack, c.key, (x) => x.listTopics()),
      /SASL|authentication/i,
    );
  });

  it('deleting a cluster removes its topics from the broker', async () => {
    const tenant = await stack.api.newTenant();
    const c = await provisionCluster(stack.api, tenant, 'd');
    await withAdmin(stack, c.key, (admin) => admin.createTopics({ topics: [{ topic: 'gone', numPartitions: 1 }] }));
    const del = await stack.api.request('DELETE', `/cmk/v2/clusters/${c.clusterId}?environment=${c.environmentId}`, {
      auth: tenant.admin,
    });
    assert.equal(del.status, 204);
    // The broker hears of the deletion through Redis and drops the cluster's namespace.
    const { clusterId } = c;
    const platform = (await import('@libs/kafka-clients')).platformBrokerPassword;
    const { loadConfig } = await import('@libs/config');
    await waitFor("the deleted cluster's topics to be gone", async () => {
      const topics = await withAdmin(
        stack,
        { key: `platform/${clusterId}`, secret: platform(loadConfig().apiKeyPepper, clusterId) },
        (x) => x.listTopics(),
      );
      return !topics.includes('gone');
    });
  });
});
