import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { passportWithApiKeys } from './api-key-basic-auth';
import { ApiKeyVerifierService } from './api-key-verifier.service';
import { PassportBasicAuth } from './basic-auth';
import { CloudKeyGuard, ClusterKeyGuard, SchemaRegistryKeyGuard } from './guards/api-key.guard';
import { RateLimiterService } from './rate-limiter.service';

@Global()
@Module({
  providers: [
    ApiKeyVerifierService,
    // The application's one passport instance; other Basic strategies (the operator's) join it.
    { provide: PassportBasicAuth, useFactory: passportWithApiKeys, inject: [ApiKeyVerifierService] },
    RateLimiterService,
    AccessService,
    CloudKeyGuard,
    ClusterKeyGuard,
    SchemaRegistryKeyGuard,
  ],
  exports: [
    ApiKeyVerifierService,
    PassportBasicAuth,
    RateLimiterService,
    AccessService,
    CloudKeyGuard,
    ClusterKeyGuard,
    SchemaRegistryKeyGuard,
  ],
})
export class AuthModule {}
