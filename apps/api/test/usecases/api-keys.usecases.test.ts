// API-key ownership rules (IAM v2) on in-memory repositories: who may create, read and list which
// keys. Owning a key is no right to a resource: a cluster or Schema Registry key needs an admin of
// that resource, even for oneself.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { crn } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { CreateApiKey, GetApiKey, ListApiKeys } from '../../src/iam/usecases/api-keys.usecases';
import { rejectsWith } from '../support/api-errors';
import { UseCaseFixture } from '../support/use-case-fixture';

describe('API keys', () => {
  let f: UseCaseFixture;
  let admin: Principal;
  let member: Principal;
  let env: { id: string; schemaRegistryId: string };
  let lkc: string;
  let create: CreateApiKey;
  let get: GetApiKey;
  let list: ListApiKeys;

  beforeEach(async () => {
    f = new UseCaseFixture();
    admin = await f.tenant();
    member = await f.serviceAccount(admin.scope, 'member');
    env = await f.environment(admin.scope);
    lkc = (await f.cluster(admin.scope, env.id)).id;
    create = new CreateApiKey(f.apiKeys, f.serviceAccounts, f.clusters, f.environments, f.access, f.config);
    get = new GetApiKey(f.apiKeys, f.access);
    list = new ListApiKeys(f.apiKeys, f.access);
  });

  const keyFor = (owner: Principal, resource?: string) => ({
    spec: { owner: { id: owner.serviceAccountId }, ...(resource ? { resource: { id: resource } } : {}) },
  });

  it('a service account without bindings may make itself a cloud key, not one for another account', async () => {
    const { key, secret } = await create.execute(member, keyFor(member));
    assert.equal(key.resourceKind, 'CLOUD');
    assert.equal(key.ownerId, member.serviceAccountId);
    assert.equal(secret.length, 64);
    assert.notEqual(key.secretHash, secret, 'only the hash is stored');
    await rejectsWith(create.execute(member, keyFor(admin)), 403);
  });

  it('a cluster key needs an admin of the cluster, even for oneself', async () => {
    await rejectsWith(create.execute(member, keyFor(member, lkc)), 403);
    await f.bind(
      admin.scope,
      member.serviceAccountId,
      'CloudClusterAdmin',
      crn.cluster(admin.organizationId, env.id, lkc),
    );
    const { key } = await create.execute(member, keyFor(member, lkc));
    assert.deepEqual([key.resourceKind, key.resourceId, key.environmentId], ['KAFKA_CLUSTER', lkc, env.id]);
  });

  it('a Schema Registry key names its environment; an unknown resource kind is a 400', async () => {
    const { key } = await create.execute(admin, keyFor(member, env.schemaRegistryId));
    assert.deepEqual([key.resourceKind, key.environmentId], ['SCHEMA_REGISTRY', env.id]);
    await rejectsWith(create.execute(admin, keyFor(member, 'env-123')), 400, { pointer: '/spec/resource/id' });
  });

  it("an unknown owner, or another organization's cluster, is not found", async () => {
    const ghost = f.principal(admin.scope, 'sa-ghost', 'CLOUD', null, null);
    await rejectsWith(create.execute(admin, keyFor(ghost)), 404, {
      code: 'service_account_not_found',
      pointer: '/spec/owner/id',
    });
    const other = await f.tenant();
    const theirs = (await f.cluster(other.scope, (await f.environment(other.scope)).id)).id;
    await rejectsWith(create.execute(admin, keyFor(member, theirs)), 404, { pointer: '/spec/resource/id' });
  });

  it("reading a key: its owner and org admins may; another account may not; another tenant's is not found", async () => {
    const { key } = await create.execute(admin, keyFor(admin));
    const { key: own } = await create.execute(member, keyFor(member));
    assert.equal((await get.execute(member, own.id)).id, own.id);
    assert.equal((await get.execute(admin, own.id)).id, own.id);
    await rejectsWith(get.execute(member, key.id), 403);
    const other = await f.tenant();
    await rejectsWith(get.execute(other, key.id), 404);
    await rejectsWith(get.execute(admin, 'not-a-key-id'), 404);
  });

  it("listing: non-admins see their own keys, or a cluster's keys when they administer it", async () => {
    await create.execute(admin, keyFor(admin));
    const { key: own } = await create.execute(member, keyFor(member));
    const { key: clusterKey } = await create.execute(admin, keyFor(admin, lkc));
    const page = { size: 10 };
    assert.deepEqual(
      (await list.execute(member, page, {})).rows.map((k) => k.id),
      [own.id],
    );
    await rejectsWith(list.execute(member, page, { owner: admin.serviceAccountId }), 403);
    await f.bind(
      admin.scope,
      member.serviceAccountId,
      'CloudClusterAdmin',
      crn.cluster(admin.organizationId, env.id, lkc),
    );
    assert.deepEqual(
      (await list.execute(member, page, { resource: lkc })).rows.map((k) => k.id),
      [clusterKey.id],
    );
    assert.equal((await list.execute(admin, page, {})).total, 3);
  });
});
