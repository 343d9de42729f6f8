import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccessService } from './access.service';
import { ApiKeyStrategy } from './api-key.strategy';
import { ApiKeyVerifierService } from './api-key-verifier.service';
import { CloudKeyGuard, ClusterKeyGuard, SchemaRegistryKeyGuard } from './guards/api-key.guard';
import { RateLimiterService } from './rate-limiter.service';

@Global()
@Module({
  imports: [PassportModule],
  providers: [
    ApiKeyVerifierService,
    ApiKeyStrategy,
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
