import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { hashSecret } from '@libs/auth';
import { APP_CONFIG, writeSecretFile, type AppConfig } from '@libs/config';
import { Client } from 'pg';
import { ApiKeyRepository, OrgScope, PlatformRepository, RoleBindingRepository } from '@libs/db';
import { OnboardOrganization } from '../operator/usecases/onboard-organization.usecase';

const BOOTSTRAP_LOCK_KEY = 0x6370_6273; // "cpbs": one API instance bootstraps at a time
export const ADMIN_KEY_FILE = 'admin-api-key.json';

/**
 * First start on an empty database: a default organization, an admin with OrganizationAdmin and
 * one cloud API key, printed once. With BOOTSTRAP_API_KEY/SECRET set, that exact key is ensured
 * on every start (automation).
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');
  /** Set when this start created or ensured a key worth telling the operator about. */
  announcement?: { organizationId: string; apiKey: string; apiSecret?: string; file?: string };

  constructor(
    private readonly platform: PlatformRepository,
    private readonly keys: ApiKeyRepository,
    private readonly bindings: RoleBindingRepository,
    private readonly onboard: OnboardOrganization,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Several API instances may start at once against an empty database: one bootstraps.
    const lock = new Client({ connectionString: this.config.DATABASE_URL });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      await this.bootstrap();
    } finally {
      await lock.end();
    }
  }

  private async bootstrap(): Promise<void> {
    const wanted =
      this.config.BOOTSTRAP_API_KEY && this.config.BOOTSTRAP_API_SECRET
        ? { id: this.config.BOOTSTRAP_API_KEY, secret: this.config.BOOTSTRAP_API_SECRET }
        : undefined;
    if ((await this.platform.tenants.count()) === 0) {
      const t = await this.onboard.execute('default', wanted);
      const file = this.config.devMode
        ? writeSecretFile(
            this.config.dataDir,
            ADMIN_KEY_FILE,
            JSON.stringify({ organization_id: t.organization.id, api_key: t.key.id, api_secret: t.secret }),
          )
        : undefined;
      this.announcement = {
        organizationId: t.organization.id,
        apiKey: t.key.id,
        apiSecret: wanted ? undefined : t.secret,
        file,
      };
      return;
    }
    if (wanted) await this.ensureBootstrapKey(wanted);
  }

  /** Makes BOOTSTRAP_API_KEY exist with BOOTSTRAP_API_SECRET for the first organization's admin. */
  private async ensureBootstrapKey(wanted: { id: string; secret: string }): Promise<void> {
    const [org] = await this.platform.tenants.listAll();
    if (!org) return;
    const scope = OrgScope.forPlatform(org.id);
    const adminBinding = (await this.bindings.list(scope, { size: 1 }, { roleName: 'OrganizationAdmin' })).rows[0];
    if (!adminBinding) {
      this.logger.warn('BOOTSTRAP_API_KEY set but the first organization has no OrganizationAdmin to own it');
      return;
    }
    const ownerId = adminBinding.principal.replace(/^User:/, '');
    await this.keys.upsertBootstrapKey(scope, {
      id: wanted.id,
      ownerId,
      resourceKind: 'CLOUD',
      resourceId: null,
      environmentId: null,
      secretHash: hashSecret(this.config.apiKeyPepper, wanted.secret),
      displayName: 'bootstrap',
      description: 'Ensured from BOOTSTRAP_API_KEY on every start',
    });
    this.announcement = { organizationId: org.id, apiKey: wanted.id };
  }
}
