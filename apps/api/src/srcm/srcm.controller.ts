// SRCM v3 (read-only; Confluent's srcm-v3.openapi.yaml): the Schema Registry cluster of an environment. Every
// environment has exactly one (Environment.schemaRegistryId); its endpoint is PUBLIC_URL, the shared
// SR endpoint where the SR API key selects the registry.
import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiError, crn, resourceMetadata } from '@libs/api-common';
import { AccessService, CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { EnvironmentRepository, type Environment } from '@libs/db';
import { singleQuery } from '../common/query';
import { Urls } from '../common/urls';
import { FailureResponses } from '../common/openapi-models';

@ApiTags('SRCM v3')
@ApiBasicAuth()
@FailureResponses()
@UseGuards(CloudKeyGuard)
@Controller('srcm/v3/clusters')
export class SrcmController {
  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly access: AccessService,
    private readonly urls: Urls,
  ) {}

  @Get()
  @ApiQuery({ name: 'environment', required: true, type: String })
  async list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>) {
    const env = await this.environment(p, singleQuery(query, 'environment', true) as string);
    const params = new URLSearchParams({ environment: env.id });
    return {
      api_version: 'srcm/v3',
      kind: 'ClusterList',
      metadata: { first: `${this.urls.base}/srcm/v3/clusters?${params}`, total_size: 1 },
      data: [this.cluster(env)],
    };
  }

  @Get(':id')
  @ApiQuery({ name: 'environment', required: true, type: String })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    const env = await this.environment(p, singleQuery(query, 'environment', true) as string);
    if (env.schemaRegistryId !== id) throw ApiError.notFound(`Schema Registry cluster ${id} not found`);
    return this.cluster(env);
  }

  private async environment(p: Principal, envId: string): Promise<Environment> {
    const env = await this.environments.get(p.scope, envId);
    if (!env) throw ApiError.notFound(`Environment ${envId} not found`, { parameter: 'environment' });
    if (!(await this.access.canSeeEnvironment(p, envId))) throw ApiError.forbidden();
    return env;
  }

  private cluster(env: Environment) {
    const id = env.schemaRegistryId;
    return {
      api_version: 'srcm/v3',
      kind: 'Cluster',
      id,
      metadata: resourceMetadata(
        `${this.urls.base}/srcm/v3/clusters/${id}`,
        crn.schemaRegistry(env.organizationId, env.id, id),
        env,
      ),
      spec: {
        display_name: 'Stream Governance Package',
        package: env.streamGovernancePackage ?? 'ESSENTIALS',
        // One shared endpoint serves every registry; the SR API key selects this one.
        http_endpoint: this.urls.base,
        catalog_http_endpoint: this.urls.base,
        private_networking_config: {},
        cloud: 'AWS',
        region: 'us-east-2',
        environment: {
          api_version: 'org/v2',
          kind: 'Environment',
          id: env.id,
          related: this.urls.environment(env.id),
          resource_name: crn.environment(env.organizationId, env.id),
        },
      },
      status: { phase: 'PROVISIONED' },
    };
  }
}
