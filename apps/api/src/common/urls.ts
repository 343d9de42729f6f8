import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';

/** Every URL the APIs hand out starts at PUBLIC_URL. */
@Injectable()
export class Urls {
  readonly base: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.base = config.publicUrl;
  }

  organization = (id: string) => `${this.base}/org/v2/organizations/${id}`;
  environment = (id: string) => `${this.base}/org/v2/environments/${id}`;
  serviceAccount = (id: string) => `${this.base}/iam/v2/service-accounts/${id}`;
  apiKey = (id: string) => `${this.base}/iam/v2/api-keys/${id}`;
  roleBinding = (id: string) => `${this.base}/iam/v2/role-bindings/${id}`;
  cluster = (id: string) => `${this.base}/cmk/v2/clusters/${id}`;
  kafkaRest = () => this.base;
}
