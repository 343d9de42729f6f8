import { Inject, Injectable } from '@nestjs/common';
import { API_KEY_ID_PATTERN, ApiError, newApiKeyId, newApiSecret, type PageRequest } from '@libs/api-common';
import { AccessService, ApiKeyVerifierService, hashSecret, type Principal } from '@libs/auth';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import {
  ApiKeyRepository,
  EnvironmentRepository,
  KafkaClusterRepository,
  ServiceAccountRepository,
  type ApiKey,
  type ApiKeyResourceKind,
} from '@libs/db';
import type { CreateApiKeyDto, UpdateApiKeyDto } from '../dto/api-key.dto';

const keyNotFound = (id: string) => ApiError.notFound(`API key ${id} not found`);

/** Who may manage a key: org admins, the key's owner, and admins of the resource it opens. */
async function requireKeyAdmin(
  access: AccessService,
  p: Principal,
  key: Pick<ApiKey, 'ownerId' | 'resourceKind' | 'resourceId' | 'environmentId'>,
): Promise<void> {
  if (key.ownerId === p.serviceAccountId) return;
  if (key.resourceKind === 'KAFKA_CLUSTER' && key.resourceId && key.environmentId) {
    return access.requireClusterAdmin(p, key.environmentId, key.resourceId);
  }
  if (key.resourceKind === 'SCHEMA_REGISTRY' && key.environmentId)
    return access.requireEnvironmentAdmin(p, key.environmentId);
  return access.requireOrganizationAdmin(p);
}

@Injectable()
export class ListApiKeys {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, page: PageRequest, filter: { owner?: string; resource?: string }) {
    const scopes = await this.access.scopes(p);
    let ownerId = filter.owner;
    if (!scopes.organizationAdmin) {
      // Non-admins list their own keys, or the keys of a cluster they administer.
      const administersResource = filter.resource !== undefined && scopes.clusters.has(filter.resource);
      if (!administersResource) {
        if (ownerId && ownerId !== p.serviceAccountId) throw ApiError.forbidden();
        ownerId = p.serviceAccountId;
      }
    }
    const resourceKind: ApiKeyResourceKind | undefined = filter.resource === 'cloud' ? 'CLOUD' : undefined;
    return this.keys.list(p.scope, page, {
      ownerId,
      resourceKind,
      resourceId: filter.resource && filter.resource !== 'cloud' ? filter.resource : undefined,
    });
  }
}

@Injectable()
export class GetApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, id: string): Promise<ApiKey> {
    if (!API_KEY_ID_PATTERN.test(id)) throw keyNotFound(id);
    const key = await this.keys.get(p.scope, id);
    if (!key) throw keyNotFound(id);
    await requireKeyAdmin(this.access, p, key);
    return key;
  }
}

@Injectable()
export class CreateApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly accounts: ServiceAccountRepository,
    private readonly clusters: KafkaClusterRepository,
    private readonly environments: EnvironmentRepository,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(p: Principal, dto: CreateApiKeyDto): Promise<{ key: ApiKey; secret: string }> {
    const ownerId = dto.spec.owner.id;
    if (!(await this.accounts.get(p.scope, ownerId))) {
      throw new ApiError(404, 'service_account_not_found', `Service account ${ownerId} not found`, {
        pointer: '/spec/owner/id',
      });
    }
    const target = await this.resolveResource(p, dto.spec.resource?.id ?? 'cloud');
    // Owning a key is not a right to a resource: a cluster or Schema Registry key needs an admin of
    // that resource even when the caller makes it for itself (else any service account could mint
    // itself a key to any cluster). A cloud key for oneself carries no more than one already has.
    await requireKeyAdmin(this.access, p, { ownerId: target.resourceKind === 'CLOUD' ? ownerId : '', ...target });
    const secret = newApiSecret();
    const key = await this.keys.create(p.scope, {
      id: newApiKeyId(),
      ownerId,
      ...target,
      secretHash: hashSecret(this.config.apiKeyPepper, secret),
      displayName: dto.spec.display_name ?? '',
      description: dto.spec.description ?? '',
    });
    return { key, secret };
  }

  private async resolveResource(
    p: Principal,
    id: string,
  ): Promise<{ resourceKind: ApiKeyResourceKind; resourceId: string | null; environmentId: string | null }> {
    if (id === 'cloud') return { resourceKind: 'CLOUD', resourceId: null, environmentId: null };
    const missing = () => ApiError.notFound(`Resource ${id} not found`, { pointer: '/spec/resource/id' });
    if (id.startsWith('lkc-')) {
      const cluster = await this.clusters.get(p.scope, id);
      if (!cluster) throw missing();
      return { resourceKind: 'KAFKA_CLUSTER', resourceId: id, environmentId: cluster.environmentId };
    }
    if (id.startsWith('lsrc-')) {
      const env = await this.environments.getBySchemaRegistry(p.scope, id);
      if (!env) throw missing();
      return { resourceKind: 'SCHEMA_REGISTRY', resourceId: id, environmentId: env.id };
    }
    throw ApiError.badRequest(
      `spec.resource.id must be "cloud", a Kafka cluster (lkc-…) or a Schema Registry (lsrc-…)`,
      { pointer: '/spec/resource/id' },
    );
  }
}

@Injectable()
export class UpdateApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly get: GetApiKey,
  ) {}

  async execute(p: Principal, id: string, dto: UpdateApiKeyDto): Promise<ApiKey> {
    await this.get.execute(p, id);
    const updated = await this.keys.update(p.scope, id, {
      displayName: dto.spec.display_name,
      description: dto.spec.description,
    });
    if (!updated) throw keyNotFound(id);
    return updated;
  }
}

@Injectable()
export class DeleteApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly get: GetApiKey,
    private readonly verifier: ApiKeyVerifierService,
  ) {}

  async execute(p: Principal, id: string): Promise<void> {
    await this.get.execute(p, id);
    if (!(await this.keys.delete(p.scope, id))) throw keyNotFound(id);
    await this.verifier.announceInvalidation(id);
  }
}
