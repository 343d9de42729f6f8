// Role-binding rules (IAM v2) on in-memory repositories: the CRN must name the caller's own
// organization and a resource at the role's level that exists; who may bind where; the last
// OrganizationAdmin cannot be unbound.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { crn } from '@libs/api-common';
import { ROLE_BINDING_INVALIDATION_CHANNEL } from '@libs/redis';
import type { Principal } from '@libs/auth';
import { CreateRoleBinding, DeleteRoleBinding } from '../../src/iam/usecases/role-bindings.usecases';
import { rejectsWith } from '../support/api-errors';
import { UseCaseFixture } from '../support/use-case-fixture';

describe('role bindings', () => {
  let f: UseCaseFixture;
  let admin: Principal;
  let create: CreateRoleBinding;
  let remove: DeleteRoleBinding;
  let env1: string;
  let env2: string;
  let lkc1: string;
  let member: Principal;

  beforeEach(async () => {
    f = new UseCaseFixture();
    admin = await f.tenant();
    env1 = (await f.environment(admin.scope, 'one')).id;
    env2 = (await f.environment(admin.scope, 'two')).id;
    lkc1 = (await f.cluster(admin.scope, env1)).id;
    member = await f.serviceAccount(admin.scope, 'member');
    create = new CreateRoleBinding(f.roleBindings, f.serviceAccounts, f.environments, f.clusters, f.access);
    remove = new DeleteRoleBinding(f.roleBindings, f.access);
  });

  const org = () => crn.organization(admin.organizationId);
  const bindingOf = (p: Principal, role_name: string, crn_pattern: string) => ({
    principal: `User:${p.serviceAccountId}`,
    role_name,
    crn_pattern,
  });

  it('binds a role at its level and tells every instance that the principal changed', async () => {
    const rb = await create.execute(
      admin,
      bindingOf(member, 'EnvironmentAdmin', crn.environment(admin.organizationId, env1)),
    );
    assert.equal(rb.roleName, 'EnvironmentAdmin');
    assert.deepEqual(f.bus.on(ROLE_BINDING_INVALIDATION_CHANNEL).slice(-1), [
      `${admin.organizationId}/User:${member.serviceAccountId}`,
    ]);
    assert.ok((await f.access.scopes(member)).environments.has(env1));
  });

  it('refuses an unknown role, a malformed CRN, and a CRN at another level than the role', async () => {
    await rejectsWith(create.execute(admin, bindingOf(member, 'Superuser', org())), 400, { pointer: '/role_name' });
    await rejectsWith(create.execute(admin, bindingOf(member, 'OrganizationAdmin', 'organization=x')), 400, {
      pointer: '/crn_pattern',
    });
    await rejectsWith(create.execute(admin, bindingOf(member, 'EnvironmentAdmin', org())), 400, {
      detail: /EnvironmentAdmin binds at environment scope; crn_pattern names an organization/,
    });
  });

  it("another organization's CRN is a resource that does not exist (404, not 403)", async () => {
    const other = await f.tenant();
    await rejectsWith(
      create.execute(admin, bindingOf(member, 'OrganizationAdmin', crn.organization(other.organizationId))),
      404,
      { pointer: '/crn_pattern' },
    );
  });

  it('the environment, the cluster (in that environment) and the service account must exist', async () => {
    await rejectsWith(
      create.execute(admin, bindingOf(member, 'EnvironmentAdmin', crn.environment(admin.organizationId, 'env-nope'))),
      404,
      { detail: /Environment env-nope/ },
    );
    await rejectsWith(
      create.execute(admin, bindingOf(member, 'CloudClusterAdmin', crn.cluster(admin.organizationId, env2, lkc1))),
      404,
      { detail: new RegExp(`Kafka cluster ${lkc1}`) },
    );
    const ghost = f.principal(admin.scope, 'sa-ghost', 'CLOUD', null, null);
    await rejectsWith(create.execute(admin, bindingOf(ghost, 'OrganizationAdmin', org())), 404, {
      code: 'service_account_not_found',
      pointer: '/principal',
    });
  });

  it('an EnvironmentAdmin binds within its environment only, never at organization level', async () => {
    await f.bind(admin.scope, member.serviceAccountId, 'EnvironmentAdmin', crn.environment(admin.organizationId, env1));
    const other = await f.serviceAccount(admin.scope, 'other');
    await create.execute(member, bindingOf(other, 'CloudClusterAdmin', crn.cluster(admin.organizationId, env1, lkc1)));
    await rejectsWith(
      create.execute(member, bindingOf(other, 'EnvironmentAdmin', crn.environment(admin.organizationId, env2))),
      403,
    );
    await rejectsWith(create.execute(member, bindingOf(other, 'OrganizationAdmin', org())), 403);
  });

  it('the same binding twice is a conflict', async () => {
    const b = bindingOf(member, 'EnvironmentAdmin', crn.environment(admin.organizationId, env1));
    await create.execute(admin, b);
    await rejectsWith(create.execute(admin, b), 409);
  });

  it('the last OrganizationAdmin binding stays; with a second admin it can go', async () => {
    const [own] = await f.roleBindings.forPrincipal(admin.scope, `User:${admin.serviceAccountId}`);
    assert.ok(own);
    await rejectsWith(remove.execute(admin, own.id), 409, { detail: /last OrganizationAdmin/ });
    await create.execute(admin, bindingOf(member, 'OrganizationAdmin', org()));
    await remove.execute(admin, own.id);
    assert.deepEqual(await f.roleBindings.forPrincipal(admin.scope, `User:${admin.serviceAccountId}`), []);
  });

  it("another organization's binding id is not found", async () => {
    const other = await f.tenant();
    const [theirs] = await f.roleBindings.forPrincipal(other.scope, `User:${other.serviceAccountId}`);
    await rejectsWith(remove.execute(admin, theirs!.id), 404);
  });
});
