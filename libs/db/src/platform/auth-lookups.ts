import type { ApiKey, OrganizationState } from '@generated/prisma/client';
import type { PrismaService } from '../prisma.service';
import { mintOrgScope } from '../scope/mint-org-scope';
import type { OrgScope } from '../scope/org-scope';

export type ApiKeyForAuth = ApiKey & { organizationState: OrganizationState; scope: OrgScope };

/** Authentication happens before a tenant is known: keys are looked up by id alone. */
export class AuthLookups {
  constructor(private readonly db: PrismaService) {}

  /**
   * The keys with these ids, each with its organization's state and scope, which becomes the
   * caller's tenant scope for everything after. Several ids at once (ApiKeyVerifier batches);
   * ids not found are simply absent.
   */
  async apiKeysForAuth(ids: string[]): Promise<ApiKeyForAuth[]> {
    const rows = await this.db.apiKey.findMany({
      where: { id: { in: ids } },
      include: { organization: { select: { state: true } } },
    });
    return rows.map(({ organization, ...key }) => ({
      ...key,
      organizationState: organization.state,
      scope: mintOrgScope(key.organizationId),
    }));
  }
}
