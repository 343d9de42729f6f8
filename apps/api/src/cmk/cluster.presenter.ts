import { Inject, Injectable } from '@nestjs/common';
import { crn, resourceMetadata } from '@libs/api-common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import type { KafkaCluster } from '@libs/db';
import { Urls } from '../common/urls';
import { OrgPresenter } from '../org/org.presenter';

@Injectable()
export class ClusterPresenter {
  private readonly embeddedBootstrap: string;

  constructor(
    private readonly urls: Urls,
    private readonly org: OrgPresenter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.embeddedBootstrap = `SASL_PLAINTEXT://${config.BROKER_ADVERTISED_HOST}:${config.BROKER_ADVERTISED_PORT ?? config.BROKER_PORT}`;
  }

  bootstrapOf(c: KafkaCluster): string {
    return c.backend === 'EXTERNAL' ? `${c.externalProtocol}://${c.externalBootstrap}` : this.embeddedBootstrap;
  }

  cluster(c: KafkaCluster) {
    const config = c.config as { kind: string; cku?: number };
    const bootstrap = this.bootstrapOf(c);
    const http = this.urls.kafkaRest();
    return {
      api_version: 'cmk/v2',
      kind: 'Cluster',
      id: c.id,
      metadata: resourceMetadata(
        this.urls.cluster(c.id),
        `${crn.cluster(c.organizationId, c.environmentId, c.id)}/kafka=${c.id}`,
        c,
      ),
      spec: {
        display_name: c.displayName,
        availability: c.availability,
        cloud: c.cloud,
        region: c.region,
        config,
        kafka_bootstrap_endpoint: bootstrap,
        http_endpoint: http,
        api_endpoint: http,
        endpoints: {
          [c.backend === 'EXTERNAL' ? 'external' : 'embedded']: {
            kafka_bootstrap_endpoint: bootstrap,
            http_endpoint: http,
            connection_type: 'PUBLIC',
          },
        },
        deletion_protection: c.deletionProtection,
        environment: this.org.environmentRef(c.organizationId, c.environmentId),
        ...(c.backend === 'EXTERNAL'
          ? {
              external_kafka: {
                bootstrap_servers: c.externalBootstrap,
                security_protocol: c.externalProtocol,
                ...(c.externalMechanism ? { sasl_mechanism: c.externalMechanism } : {}),
                ...(c.externalUsername ? { username: c.externalUsername } : {}),
                ...(c.externalCaCert ? { ssl_ca_cert: c.externalCaCert } : {}),
              },
            }
          : {}),
      },
      status: { phase: c.phase, ...(config.kind === 'Dedicated' && config.cku ? { cku: config.cku } : {}) },
    };
  }
}
