import { Injectable } from '@nestjs/common';
import { crn, resourceMetadata } from '@libs/api-common';
import type { ApiKey, RoleBinding, ServiceAccount } from '@libs/db';
import { Urls } from '../common/urls';

@Injectable()
export class IamPresenter {
  constructor(private readonly urls: Urls) {}

  serviceAccount(sa: ServiceAccount) {
    return {
      api_version: 'iam/v2',
      kind: 'ServiceAccount',
      id: sa.id,
      metadata: resourceMetadata(this.urls.serviceAccount(sa.id), crn.serviceAccount(sa.organizationId, sa.id), sa),
      display_name: sa.displayName,
      description: sa.description,
    };
  }

  /** `secret` only in the create response; Confluent answers "" on reads. */
  apiKey(k: ApiKey, secret = '') {
    return {
      api_version: 'iam/v2',
      kind: 'ApiKey',
      id: k.id,
      metadata: resourceMetadata(this.urls.apiKey(k.id), crn.apiKey(k.organizationId, k.ownerId, k.id), k),
      spec: {
        secret,
        display_name: k.displayName,
        description: k.description,
        owner: {
          api_version: 'iam/v2',
          kind: 'ServiceAccount',
          id: k.ownerId,
          related: this.urls.serviceAccount(k.ownerId),
          resource_name: crn.serviceAccount(k.organizationId, k.ownerId),
        },
        resource: this.keyResource(k),
      },
    };
  }

  private keyResource(k: ApiKey) {
    if (k.resourceKind === 'CLOUD' || !k.resourceId) {
      return { api_version: 'iam/v2', kind: 'Cloud', id: 'cloud', related: 'cloud', resource_name: 'cloud' };
    }
    const env = k.environmentId ?? '';
    if (k.resourceKind === 'KAFKA_CLUSTER') {
      return {
        api_version: 'cmk/v2',
        kind: 'Cluster',
        id: k.resourceId,
        environment: env,
        related: this.urls.cluster(k.resourceId),
        resource_name: crn.cluster(k.organizationId, env, k.resourceId),
      };
    }
    return {
      api_version: 'srcm/v3',
      kind: 'Cluster',
      id: k.resourceId,
      environment: env,
      related: `${this.urls.base}/srcm/v3/clusters/${k.resourceId}`,
      resource_name: crn.schemaRegistry(k.organizationId, env, k.resourceId),
    };
  }

  roleBinding(rb: RoleBinding) {
    return {
      api_version: 'iam/v2',
      kind: 'RoleBinding',
      id: rb.id,
      metadata: resourceMetadata(this.urls.roleBinding(rb.id), crn.roleBinding(rb.organizationId, rb.id), rb),
      principal: rb.principal,
      role_name: rb.roleName,
      crn_pattern: rb.crnPattern,
    };
  }
}
