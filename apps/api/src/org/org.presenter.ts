import { Injectable } from '@nestjs/common';
import { crn, resourceMetadata } from '@libs/api-common';
import type { Environment, Organization } from '@libs/db';
import { Urls } from '../common/urls';

@Injectable()
export class OrgPresenter {
  constructor(private readonly urls: Urls) {}

  organization(o: Organization) {
    return {
      api_version: 'org/v2',
      kind: 'Organization',
      id: o.id,
      metadata: resourceMetadata(this.urls.organization(o.id), crn.organization(o.id), o),
      display_name: o.displayName,
      jit_enabled: o.jitEnabled,
    };
  }

  environment(e: Environment) {
    return {
      api_version: 'org/v2',
      kind: 'Environment',
      id: e.id,
      metadata: resourceMetadata(this.urls.environment(e.id), crn.environment(e.organizationId, e.id), e),
      display_name: e.displayName,
      stream_governance_config: { package: e.streamGovernancePackage ?? 'ESSENTIALS' },
    };
  }

  /** Reference object used in spec.environment of other resources. */
  environmentRef(orgId: string, envId: string) {
    return {
      api_version: 'org/v2',
      kind: 'Environment',
      id: envId,
      related: this.urls.environment(envId),
      resource_name: crn.environment(orgId, envId),
    };
  }
}
