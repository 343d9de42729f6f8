// `npm run secrets:rotate -- --new-key` re-seals every stored secret under a fresh newest key.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { migrateDatabase } from '@libs/db-migrations';
import { SecretBox } from '@libs/secrets';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';

describe('secrets:rotate', () => {
  let api: ApiHarness;
  let t: Tenant;
  let clusterId = '';

  // Rotation is operator-wide: it gets a database of its own, so no other test's envelopes
  // (sealed under other processes' dev keys) are in reach and no concurrent test is disturbed.
  const dbName = `cp_rotate_${randomBytes(3).toString('hex')}`;
  const url = Object.assign(
    new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/connectplane_test'),
    {
      pathname: `/${dbName}`,
    },
  ).toString();

  before(async () => {
    const schemaPath = join(__dirname, '..', '..', '..', 'prisma', 'schema.prisma');
    await migrateDatabase(
      url,
      join(__dirname, '..', '..', '..', 'prisma', 'migrations'),
      schemaPath,
      readFileSync(schemaPath, 'utf8'),
    );
    api = await startApi({ DATABASE_URL: url });
    t = await api.newTenant();
    const env = await api.request('POST', '/org/v2/environments', { auth: t.admin, body: { display_name: 'rot' } });
    const cluster = await api.request('POST', '/cmk/v2/clusters', {
      auth: t.admin,
      body: {
        spec: {
          display_name: 'ext',
          availability: 'SINGLE_ZONE',
          cloud: 'AWS',
          region: 'us-east-1',
          config: { kind: 'Basic' },
          environment: { id: env.body.id },
          external_kafka: {
            bootstrap_servers: '127.0.0.1:1',
            security_protocol: 'SASL_PLAINTEXT',
            username: 'u',
            password: 'hunter2',
          },
        },
      },
    });
    clusterId = cluster.body.id;
  });
  after(async () => {
    await api.close();
    const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });

  it('moves every envelope to the new key; the new keyring still opens them', async () => {
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      const before = (await db.query('SELECT "externalPassword" FROM "KafkaCluster" WHERE id = $1', [clusterId]))
        .rows[0].externalPassword as string;
      const run = spawnSync(process.execPath, ['scripts/run.js', 'scripts/secrets-rotate.ts', '--new-key'], {
        env: process.env,
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /re-encrypted \d+ record\(s\) with secrets under key k2-/);
      const after = (await db.query('SELECT "externalPassword" FROM "KafkaCluster" WHERE id = $1', [clusterId])).rows[0]
        .externalPassword as string;
      assert.notEqual(after, before);
      assert.match(SecretBox.kidOf(after) ?? '', /^k2-/);
      const box = new SecretBox(readFileSync(join(process.env.DATA_DIR as string, 'secrets.key'), 'utf8'));
      assert.equal(box.decrypt(after, `kafka-cluster:${clusterId}:password`), 'hunter2');
      assert.equal(box.decrypt(before, `kafka-cluster:${clusterId}:password`), 'hunter2', 'old keys still decrypt');
    } finally {
      await db.end();
    }
  });
});
