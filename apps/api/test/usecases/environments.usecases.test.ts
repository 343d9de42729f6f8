// Environment deletion (Org v2) on in-memory repositories: refused while clusters remain; takes the
// role bindings on or below it and its Schema Registry's keys along (and nothing of a look-alike
// environment), tells every instance, and deletes the registry's schemas.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { crn } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { API_KEY_INVALIDATION_CHANNEL, ENVIRONMENT_INVALIDATION_CHANNEL } from '@libs/redis';
import { EnvironmentCache } from '../../src/org/environment-cache';
import { DeleteEnvironment, GetEnvironment, UpdateEnvironment } from '../../src/org/usecases/environments.usecases';
import { rejectsWith } from '../support/api-errors';
import { UseCaseFixture } from '../support/use-case-fixture';

describe('environments', () => {
  let f: UseCaseFixture;
  let admin: Principal;
  let cache: EnvironmentCache;
  let get: GetEnvironment;
  let remove: DeleteEnvironment;
  let update: UpdateEnvironment;

  beforeEach(async () => {
    f = new UseCaseFixture();
    admin = await f.tenant();
    cache = new EnvironmentCache(f.environments, f.bus.asRedis());
    get = new GetEnvironment(cache, f.access);
    remove = new DeleteEnvironment(f.environments, f.access, get, f.schemaRegistry, f.verifier, cache);
    update = new UpdateEnvironment(f.environments, f.access, get, cache);
  });

  it('is refused (409) while it still has a Kafka cluster', async () => {
    const env = await f.environment(admin.scope);
    await f.cluster(admin.scope, env.id);
    await rejectsWith(remove.execute(admin, env.id), 409, { detail: /still has 1 Kafka cluster/ });
    assert.ok(await f.environments.get(admin.scope, env.id));
  });

  it('takes its bindings and Schema Registry keys along, announces them, and deletes the registry', async () => {
    const env = await f.environment(admin.scope, 'doomed');
    const lookalike = await f.environments.create(admin.scope, {
      id: `${env.id}x`,
      schemaRegistryId: `${env.schemaRegistryId}x`,
      displayName: 'look-alike',
    });
    const envCrn = crn.environment(admin.organizationId, env.id);
    const member = await f.memberWith(admin.scope, 'member', 'EnvironmentAdmin', envCrn);
    await f.bind(
      admin.scope,
      member.serviceAccountId,
      'EnvironmentAdmin',
      crn.environment(admin.organizationId, lookalike.id),
    );
    const srKey = await f.apiKeys.create(admin.scope, {
      id: 'SRKEY00000000001',
      ownerId: member.serviceAccountId,
      resourceKind: 'SCHEMA_REGISTRY',
      resourceId: env.schemaRegistryId,
      environmentId: env.id,
      secretHash: 'h',
    });
    await get.execute(admin, env.id); // cached now: the deletion must evict it everywhere

    await remove.execute(admin, env.id);

    assert.equal(await f.environments.get(admin.scope, env.id), null);
    assert.deepEqual(
      (await f.roleBindings.forPrincipal(admin.scope, `User:${member.serviceAccountId}`)).map((b) => b.crnPattern),
      [crn.environment(admin.organizationId, lookalike.id)],
    );
    assert.equal(await f.apiKeys.get(admin.scope, srKey.id), null);
    assert.deepEqual(f.bus.on(API_KEY_INVALIDATION_CHANNEL), [srKey.id]);
    assert.ok(f.bus.on(ENVIRONMENT_INVALIDATION_CHANNEL).includes(`${admin.organizationId}/${env.id}`));
    assert.deepEqual(f.store.deletedRegistries, [env.schemaRegistryId]);
    await rejectsWith(get.execute(admin, env.id), 404);
  });

  it('an EnvironmentAdmin may rename its environment but not delete it', async () => {
    const env = await f.environment(admin.scope);
    const envCrn = crn.environment(admin.organizationId, env.id);
    const member = await f.memberWith(admin.scope, 'member', 'EnvironmentAdmin', envCrn);
    assert.equal((await update.execute(member, env.id, { display_name: 'renamed' })).displayName, 'renamed');
    await rejectsWith(remove.execute(member, env.id), 403);
  });

  it("another organization's environment does not exist for the caller", async () => {
    const other = await f.tenant();
    const theirs = await f.environment(other.scope);
    await rejectsWith(remove.execute(admin, theirs.id), 404);
    await rejectsWith(update.execute(admin, theirs.id, { display_name: 'x' }), 404);
    assert.ok(await f.environments.get(other.scope, theirs.id));
  });
});
