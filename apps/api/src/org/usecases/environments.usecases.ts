import { Injectable } from '@nestjs/common';
import { ApiError, crn, newResourceId, type PageRequest } from '@libs/api-common';
import { AccessService, ApiKeyVerifierService, type Principal } from '@libs/auth';
import { EnvironmentRepository, SchemaRegistryRepository, type Environment } from '@libs/db';
import type { CreateEnvironmentDto, UpdateEnvironmentDto } from '../dto/environment.dto';
import { EnvironmentCache } from '../environment-cache';

/** Loads an environment of the caller's organization (404 otherwise) that the caller may see (403). */
@Injectable()
export class GetEnvironment {
  constructor(
    private readonly environments: EnvironmentCache,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, id: string): Promise<Environment> {
    const env = await this.environments.get(p.scope, id);
    if (!env) throw ApiError.notFound(`Environment ${id} not found`);
    if (!(await this.access.canSeeEnvironment(p, id))) throw ApiError.forbidden();
    return env;
  }
}

@Injectable()
export class ListEnvironments {
  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, page: PageRequest) {
    const visible = await this.access.visibleEnvironments(p);
    return this.environments.list(p.scope, page, visible ?? undefined);
  }
}

@Injectable()
export class CreateEnvironment {
  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, dto: CreateEnvironmentDto): Promise<Environment> {
    await this.access.requireOrganizationAdmin(p);
    return this.environments.create(p.scope, {
      id: newResourceId('env'),
      schemaRegistryId: newResourceId('lsrc'),
      displayName: dto.display_name,
      streamGovernancePackage: dto.stream_governance_config?.package ?? 'ESSENTIALS',
    });
  }
}

@Injectable()
export class UpdateEnvironment {
  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly access: AccessService,
    private readonly get: GetEnvironment,
    private readonly cache: EnvironmentCache,
  ) {}

  async execute(p: Principal, id: string, dto: UpdateEnvironmentDto): Promise<Environment> {
    await this.get.execute(p, id);
    await this.access.requireEnvironmentAdmin(p, id);
    const updated = await this.environments.update(p.scope, id, {
      displayName: dto.display_name,
      streamGovernancePackage: dto.stream_governance_config?.package,
    });
    await this.cache.announceChanged(p.organizationId, id);
    if (!updated) throw ApiError.notFound(`Environment ${id} not found`);
    return updated;
  }
}

@Injectable()
export class DeleteEnvironment {
  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly access: AccessService,
    private readonly get: GetEnvironment,
    private readonly schemaRegistry: SchemaRegistryRepository,
    private readonly verifier: ApiKeyVerifierService,
    private readonly cache: EnvironmentCache,
  ) {}

  async execute(p: Principal, id: string): Promise<void> {
    await this.get.execute(p, id);
    await this.access.requireOrganizationAdmin(p);
    const clusters = await this.environments.countClusters(p.scope, id);
    if (clusters > 0) {
      throw new ApiError(
        409,
        'conflict',
        `Environment ${id} still has ${clusters} Kafka cluster(s); delete them first`,
      );
    }
    const env = await this.environments.get(p.scope, id);
    if (!env) throw ApiError.notFound(`Environment ${id} not found`);
    // Bindings, the environment's Schema Registry keys and the row go together; then its schemas.
    const keyIds = await this.environments.deleteWithDependents(p.scope, env, crn.environment(p.organizationId, id));
    await this.cache.announceChanged(p.organizationId, id);
    await Promise.all(keyIds.map((k) => this.verifier.announceInvalidation(k)));
    await this.schemaRegistry.deleteRegistry(p.scope, env.schemaRegistryId);
  }
}
