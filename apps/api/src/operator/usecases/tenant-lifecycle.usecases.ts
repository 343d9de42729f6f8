import { Injectable } from '@nestjs/common';
import { ApiError, UUID_PATTERN } from '@libs/api-common';
import { ApiKeyVerifierService } from '@libs/auth';
import {
  OnboardingRepository,
  OrganizationRepository,
  OrgScope,
  type Organization,
  type OrganizationState,
} from '@libs/db';
import { ClusterProvisioner } from '../../cmk/cluster-provisioner';
import { EnvironmentCache } from '../../org/environment-cache';

const orgNotFound = (id: string) => ApiError.notFound(`Organization ${id} not found`);

@Injectable()
export class GetTenant {
  constructor(private readonly organizations: OrganizationRepository) {}

  /** The tenant the operator names, and the scope to act on it with. */
  async execute(id: string): Promise<{ organization: Organization; scope: OrgScope }> {
    const scope = UUID_PATTERN.test(id) ? OrgScope.forOperator(id) : null;
    const organization = scope ? await this.organizations.get(scope) : null;
    if (!scope || !organization) throw orgNotFound(id);
    return { organization, scope };
  }
}

/** Suspending makes every key of the tenant stop working at once (403), on every instance. */
@Injectable()
export class SetTenantState {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly get: GetTenant,
    private readonly verifier: ApiKeyVerifierService,
  ) {}

  async execute(id: string, state: OrganizationState): Promise<Organization> {
    const { scope } = await this.get.execute(id);
    const org = await this.organizations.setState(scope, state);
    await this.verifier.announceInvalidation(`org:${id}`);
    return org;
  }
}

@Injectable()
export class DeleteTenant {
  constructor(
    private readonly onboarding: OnboardingRepository,
    private readonly get: GetTenant,
    private readonly verifier: ApiKeyVerifierService,
    private readonly provisioner: ClusterProvisioner,
    private readonly environments: EnvironmentCache,
  ) {}

  async execute(id: string): Promise<void> {
    const { scope } = await this.get.execute(id);
    const clusterIds = await this.onboarding.offboard(scope);
    await this.verifier.announceInvalidation(`org:${id}`);
    await this.environments.announceOrganizationDeleted(id);
    await Promise.all(clusterIds.map((c) => this.provisioner.announceDeleted(c)));
  }
}
