import { Injectable } from '@nestjs/common';
import { ApiError, UUID_PATTERN } from '@libs/api-common';
import { ApiKeyVerifierService } from '@libs/auth';
import { OnboardingRepository, OrganizationRepository, type Organization, type OrganizationState } from '@libs/db';
import { ClusterProvisioner } from '../../cmk/cluster-provisioner';
import { EnvironmentCache } from '../../org/environment-cache';

const orgNotFound = (id: string) => ApiError.notFound(`Organization ${id} not found`);

@Injectable()
export class GetTenant {
  constructor(private readonly organizations: OrganizationRepository) {}

  async execute(id: string): Promise<Organization> {
    const org = UUID_PATTERN.test(id) ? await this.organizations.get(id) : null;
    if (!org) throw orgNotFound(id);
    return org;
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
    await this.get.execute(id);
    const org = await this.organizations.setState(id, state);
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
    await this.get.execute(id);
    const clusterIds = await this.onboarding.offboard(id);
    await this.verifier.announceInvalidation(`org:${id}`);
    await this.environments.announceOrganizationDeleted(id);
    await Promise.all(clusterIds.map((c) => this.provisioner.announceDeleted(c)));
  }
}
