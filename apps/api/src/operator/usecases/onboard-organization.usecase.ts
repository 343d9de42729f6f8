import { Inject, Injectable } from '@nestjs/common';
import { crn, newApiKeyId, newApiSecret, newOrganizationId, newResourceId } from '@libs/api-common';
import { hashSecret } from '@libs/auth';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { OnboardingRepository, type ApiKey, type Organization, type ServiceAccount } from '@libs/db';

export interface OnboardedTenant {
  organization: Organization;
  admin: ServiceAccount;
  key: ApiKey;
  secret: string;
}

/** A new tenant: organization, admin service account with OrganizationAdmin, and its first cloud key. */
@Injectable()
export class OnboardOrganization {
  constructor(
    private readonly onboarding: OnboardingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(displayName: string, key?: { id: string; secret: string }): Promise<OnboardedTenant> {
    const orgId = newOrganizationId();
    const adminId = newResourceId('sa');
    const secret = key?.secret ?? newApiSecret();
    const result = await this.onboarding.onboard({
      organization: { id: orgId, displayName },
      admin: { id: adminId, displayName: 'admin', description: 'Organization administrator created at onboarding' },
      binding: {
        id: newResourceId('rb'),
        principal: `User:${adminId}`,
        roleName: 'OrganizationAdmin',
        crnPattern: crn.organization(orgId),
      },
      key: {
        id: key?.id ?? newApiKeyId(),
        secretHash: hashSecret(this.config.apiKeyPepper, secret),
        displayName: 'admin',
        description: 'First cloud API key of the organization admin',
      },
    });
    return { ...result, secret };
  }
}
