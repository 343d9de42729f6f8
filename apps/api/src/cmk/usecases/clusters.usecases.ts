import { Injectable } from '@nestjs/common';
import { ApiError, crn, newResourceId, type PageRequest } from '@libs/api-common';
import { AccessService, ApiKeyVerifierService, type Principal } from '@libs/auth';
import { EnvironmentRepository, KafkaClusterRepository, type KafkaCluster, type NewKafkaCluster } from '@libs/db';
import { externalPasswordAad } from '@libs/kafka-clients';
import { SecretBox } from '@libs/secrets';
import { ClusterProvisioner } from '../cluster-provisioner';
import type { ClusterConfigDto, CreateClusterDto, UpdateClusterDto } from '../dto/cluster.dto';
import { checkExternalBootstrap } from '../external-cluster-egress';
import { checkExternalSettings } from '../external-cluster-settings';

const clusterNotFound = (id: string) => ApiError.notFound(`Kafka cluster ${id} not found`);

function checkConfig(config: ClusterConfigDto, pointer: string): Record<string, unknown> {
  if (config.kind === 'Dedicated' && config.cku === undefined) {
    throw ApiError.badRequest('a Dedicated cluster needs config.cku', { pointer: `${pointer}/cku` });
  }
  return { ...config };
}

/** A cluster of the caller's organization in the named environment (404 otherwise), visible to the caller (403). */
@Injectable()
export class GetCluster {
  constructor(
    private readonly clusters: KafkaClusterRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, id: string, environmentId: string): Promise<KafkaCluster> {
    const cluster = await this.clusters.get(p.scope, id);
    if (!cluster || cluster.environmentId !== environmentId) throw clusterNotFound(id);
    await this.access.requireClusterAdmin(p, cluster.environmentId, cluster.id);
    return cluster;
  }
}

@Injectable()
export class ListClusters {
  constructor(
    private readonly clusters: KafkaClusterRepository,
    private readonly environments: EnvironmentRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, environmentId: string, page: PageRequest) {
    if (!(await this.environments.get(p.scope, environmentId))) {
      throw ApiError.notFound(`Environment ${environmentId} not found`, { parameter: 'environment' });
    }
    const scopes = await this.access.scopes(p);
    if (scopes.organizationAdmin || scopes.environments.has(environmentId))
      return this.clusters.list(p.scope, environmentId, page);
    // Cluster admins see their own clusters of this environment, and nothing (not even a count) of
    // an environment where they administer none.
    if (!(await this.access.canSeeEnvironment(p, environmentId))) throw ApiError.forbidden();
    return this.clusters.list(p.scope, environmentId, page, [...scopes.clusters]);
  }
}

@Injectable()
export class CreateCluster {
  constructor(
    private readonly clusters: KafkaClusterRepository,
    private readonly environments: EnvironmentRepository,
    private readonly access: AccessService,
    private readonly secrets: SecretBox,
    private readonly provisioner: ClusterProvisioner,
  ) {}

  async execute(p: Principal, dto: CreateClusterDto): Promise<KafkaCluster> {
    const s = dto.spec;
    const envId = s.environment.id;
    if (!(await this.environments.get(p.scope, envId))) {
      throw ApiError.notFound(`Environment ${envId} not found`, { pointer: '/spec/environment/id' });
    }
    await this.access.requireEnvironmentAdmin(p, envId);
    const config = checkConfig(s.config, '/spec/config');
    const ext = s.external_kafka;
    if (ext) {
      checkExternalSettings(ext);
      await checkExternalBootstrap(ext.bootstrap_servers);
    }
    const id = newResourceId('lkc');
    const row = {
      id,
      environmentId: envId,
      displayName: s.display_name,
      availability: s.availability,
      cloud: s.cloud,
      region: s.region,
      config: config as object,
      deletionProtection: s.deletion_protection ?? false,
      phase: 'PROVISIONING',
      backend: ext ? 'EXTERNAL' : 'EMBEDDED',
      externalBootstrap: ext?.bootstrap_servers ?? null,
      externalProtocol: ext?.security_protocol ?? null,
      externalMechanism: ext?.sasl_mechanism ?? (ext?.security_protocol.startsWith('SASL') ? 'PLAIN' : null),
      externalUsername: ext?.username ?? null,
      externalPassword:
        ext?.password !== undefined ? this.secrets.encrypt(ext.password, externalPasswordAad(id)) : null,
      externalCaCert: ext?.ssl_ca_cert ?? null,
    } satisfies NewKafkaCluster;
    if (ext) {
      const refused = await this.provisioner.accessFailure(row);
      if (refused) throw ApiError.badRequest(refused.message, { pointer: `/spec/external_kafka/${refused.setting}` });
    }
    const cluster = await this.clusters.create(p.scope, row);
    this.provisioner.provisionInBackground(p.scope, cluster);
    return cluster;
  }
}

@Injectable()
export class UpdateCluster {
  constructor(
    private readonly clusters: KafkaClusterRepository,
    private readonly get: GetCluster,
  ) {}

  async execute(p: Principal, id: string, dto: UpdateClusterDto): Promise<KafkaCluster> {
    const current = await this.get.execute(p, id, dto.spec.environment.id);
    let config: Record<string, unknown> | undefined;
    if (dto.spec.config) {
      const from = (current.config as { kind: string }).kind;
      const to = dto.spec.config.kind;
      if (from !== to && !(from === 'Basic' && to === 'Standard')) {
        throw ApiError.badRequest(`a ${from} cluster cannot become ${to} (only Basic → Standard)`, {
          pointer: '/spec/config/kind',
        });
      }
      config = checkConfig(dto.spec.config, '/spec/config');
    }
    const updated = await this.clusters.update(p.scope, id, {
      displayName: dto.spec.display_name,
      availability: dto.spec.availability,
      deletionProtection: dto.spec.deletion_protection,
      ...(config ? { config: config as object } : {}),
    });
    if (!updated) throw clusterNotFound(id);
    return updated;
  }
}

@Injectable()
export class DeleteCluster {
  constructor(
    private readonly clusters: KafkaClusterRepository,
    private readonly verifier: ApiKeyVerifierService,
    private readonly provisioner: ClusterProvisioner,
    private readonly get: GetCluster,
  ) {}

  async execute(p: Principal, id: string, environmentId: string): Promise<void> {
    const cluster = await this.get.execute(p, id, environmentId);
    if (cluster.deletionProtection) {
      throw new ApiError(
        409,
        'deletion_protected',
        `Kafka cluster ${id} has deletion protection enabled; disable it first`,
      );
    }
    const keyIds = await this.clusters.deleteWithDependents(
      p.scope,
      id,
      crn.cluster(p.organizationId, environmentId, id),
    );
    await Promise.all(keyIds.map((k) => this.verifier.announceInvalidation(k)));
    await this.provisioner.announceDeleted(id);
  }
}
