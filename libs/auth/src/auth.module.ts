import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { ApiKeyVerifierService } from './api-key-verifier.service';
import { CloudKeyGuard, ClusterKeyGuard, SchemaRegistryKeyGuard } from './guards/api-key.guard';
import { RateLimiterService } from './rate-limiter.service';

@Global()
@Module({
  providers: [
    ApiKeyVerifierService,
    RateLimiterService,
    AccessService,
    CloudKeyGuard,
    ClusterKeyGuard,
    SchemaRegistryKeyGuard,
  ],
  exports: [
    ApiKeyVerifierService,
    RateLimiterService,
    AccessService,
    CloudKeyGuard,
    ClusterKeyGuard,
    SchemaRegistryKeyGuard,
  ],
})
export class AuthModule {}
