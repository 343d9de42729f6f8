import { timingSafeEqual } from 'node:crypto';
import type { AuthResult, SaslPlainAuthenticator } from '@libs/broker';
import type { ApiKeyVerifier } from '@libs/auth';
import { PLATFORM_USER_PREFIX, platformBrokerPassword } from '@libs/kafka-clients';

const INVALID = 'Authentication failed: Invalid username or password';

/**
 * SASL/PLAIN against the control plane: username = a Kafka cluster API key, password = its secret.
 * The key's cluster is the tenant namespace. Our own services (Kafka REST, connector workers) use
 * "platform/<lkc>" with a password derived from the server pepper, scoped to that one cluster.
 */
export class ControlPlaneAuthenticator implements SaslPlainAuthenticator {
  /** Authenticated key → its organization, so suspending an organization can close its connections. */
  private readonly organizationOf = new Map<string, string>();

  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly pepper: string,
  ) {}

  async authenticate(username: string, password: string): Promise<AuthResult> {
    if (username.startsWith(PLATFORM_USER_PREFIX)) {
      const tenant = username.slice(PLATFORM_USER_PREFIX.length);
      const expected = Buffer.from(platformBrokerPassword(this.pepper, tenant));
      const given = Buffer.from(password);
      const ok = /^lkc-[a-z0-9]+$/.test(tenant) && given.length === expected.length && timingSafeEqual(given, expected);
      return ok ? { ok: true, tenant } : { ok: false, message: INVALID };
    }
    const result = await this.verifier.verify(username, password);
    if (!result.ok) {
      return {
        ok: false,
        message:
          result.reason === 'suspended'
            ? 'Authentication failed: the organization of this API key is suspended'
            : INVALID,
      };
    }
    const p = result.principal;
    if (p.resourceKind !== 'KAFKA_CLUSTER' || !p.resourceId) {
      return {
        ok: false,
        message:
          'Authentication failed: use an API key of this Kafka cluster (cloud and Schema Registry keys cannot connect)',
      };
    }
    this.organizationOf.set(username, p.organizationId);
    return { ok: true, tenant: p.resourceId };
  }

  usersOfOrganization(organizationId: string): string[] {
    return [...this.organizationOf].filter(([, org]) => org === organizationId).map(([user]) => user);
  }

  forget(username: string): void {
    this.organizationOf.delete(username);
  }
}
