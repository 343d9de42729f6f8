import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { PlatformRepository } from '@libs/db';
import { API_KEY_INVALIDATION_CHANNEL, RedisService } from '@libs/redis';
import { ApiKeyVerifier } from './api-key-verifier';

/** The process-wide verifier, subscribed to key/organization invalidations. */
@Injectable()
export class ApiKeyVerifierService extends ApiKeyVerifier implements OnModuleInit {
  constructor(
    platform: PlatformRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly redis: RedisService,
  ) {
    super(platform.auth, config.apiKeyPepper);
  }

  async onModuleInit(): Promise<void> {
    await this.redis.subscribe(API_KEY_INVALIDATION_CHANNEL, (message) => this.invalidate(message));
    // Invalidations published while the subscriber was disconnected are lost: start over.
    this.redis.onResync(() => this.invalidateAll());
  }

  /** Tells every process (API instances, broker) to forget a key id or "org:<id>". */
  async announceInvalidation(message: string): Promise<void> {
    this.invalidate(message);
    await this.redis.publish(API_KEY_INVALIDATION_CHANNEL, message);
  }
}
