import { Global, Module } from '@nestjs/common';
import { SecretBox } from '@libs/secrets';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { Urls } from './urls';

@Global()
@Module({
  providers: [
    Urls,
    { provide: SecretBox, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new SecretBox(c.secretsKeyring) },
  ],
  exports: [Urls, SecretBox],
})
export class CommonModule {}
