// The connector's own Kafka identity, checked as Confluent checks it on create, PUT config and
// validate: with kafka.auth.mode=KAFKA_API_KEY the key must be an active API key of this very
// cluster and the secret must match it; with SERVICE_ACCOUNT the account must exist in the
// organization; on an external cluster, where the key and secret are that cluster's own SASL login,
// the cluster must accept them. Errors name the property; no value is ever echoed.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { secretMatches } from '@libs/auth';
import { ApiKeyRepository, ServiceAccountRepository, type KafkaCluster, type OrgScope } from '@libs/db';
import { clusterAccessFailure, platformKafkaConfig, probeCluster, withLogin } from '@libs/kafka-clients';
import { SecretBox } from '@libs/secrets';

export type CredentialErrors = Partial<
  Record<'kafka.api.key' | 'kafka.api.secret' | 'kafka.service.account.id', string>
>;

// An unknown key still pays one HMAC, so timing does not tell which check failed.
const DUMMY_HASH = '0'.repeat(64);

const blank = (v: unknown): boolean => v === undefined || v === null || String(v).trim() === '';

@Injectable()
export class ConnectorCredentialCheck {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly accounts: ServiceAccountRepository,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Errors per property; blank values are left to the required-field checks. */
  async check(scope: OrgScope, cluster: KafkaCluster, props: Record<string, string | null>): Promise<CredentialErrors> {
    const mode = blank(props['kafka.auth.mode']) ? 'KAFKA_API_KEY' : String(props['kafka.auth.mode']);
    if (mode === 'SERVICE_ACCOUNT') return this.checkServiceAccount(scope, props['kafka.service.account.id']);
    if (mode !== 'KAFKA_API_KEY') return {};
    const keyId = props['kafka.api.key'];
    const secret = props['kafka.api.secret'];
    if (blank(keyId) || blank(secret)) return {};
    if (cluster.backend !== 'EMBEDDED') return this.checkExternalLogin(cluster, String(keyId).trim(), String(secret));
    return this.checkApiKey(scope, cluster, String(keyId).trim(), String(secret));
  }

  /**
   * An external cluster's key and secret are its own SASL login, of which the platform has no record:
   * the cluster is asked. Only a refused login is an error here; an unreachable cluster or one whose
   * login is not a username and password is left to the task.
   */
  private async checkExternalLogin(
    cluster: KafkaCluster,
    username: string,
    password: string,
  ): Promise<CredentialErrors> {
    const platform = platformKafkaConfig(cluster, {
      secrets: this.secrets,
      pepper: this.config.apiKeyPepper,
      embedded: { host: this.config.BROKER_HOST, port: this.config.BROKER_PORT },
    });
    const config = withLogin(platform, { username, password });
    if (!config) return {};
    const refused = clusterAccessFailure(await probeCluster(config));
    if (refused?.setting !== 'password') return {};
    return {
      'kafka.api.secret': `Unable to validate "kafka.api.secret": Kafka cluster ${cluster.id} refused the login of "kafka.api.key" with it`,
    };
  }

  private async checkApiKey(
    scope: OrgScope,
    cluster: KafkaCluster,
    keyId: string,
    secret: string,
  ): Promise<CredentialErrors> {
    // another organization's key reads exactly as an unknown one (the tenant read does not find it)
    const row = keyId.length <= 64 ? await this.keys.get(scope, keyId) : null;
    const pepper = this.config.apiKeyPepper;
    if (!row) {
      secretMatches(pepper, secret.slice(0, 256), DUMMY_HASH);
      return { 'kafka.api.key': notAKeyOf(cluster.id) };
    }
    if (row.resourceKind === 'CLOUD')
      return {
        'kafka.api.key': `Unable to validate "kafka.api.key": a Cloud API key cannot connect to Kafka; use an API key of Kafka cluster ${cluster.id}`,
      };
    if (row.resourceKind !== 'KAFKA_CLUSTER' || row.resourceId !== cluster.id)
      return { 'kafka.api.key': notAKeyOf(cluster.id) };
    if (!secretMatches(pepper, secret.slice(0, 256), row.secretHash))
      return {
        'kafka.api.secret': 'Unable to validate "kafka.api.secret": it does not match the API key in kafka.api.key',
      };
    return {};
  }

  private async checkServiceAccount(scope: OrgScope, id: string | null | undefined): Promise<CredentialErrors> {
    if (blank(id)) return {};
    const saId = String(id).trim().slice(0, 64);
    const sa = await this.accounts.get(scope, saId);
    return sa
      ? {}
      : {
          'kafka.service.account.id': `Unable to validate "kafka.service.account.id": service account ${saId} does not exist in this organization`,
        };
  }
}

const notAKeyOf = (lkc: string) =>
  `Unable to validate "kafka.api.key": it is not an active API key of Kafka cluster ${lkc}`;
