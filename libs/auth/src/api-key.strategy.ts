import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BasicStrategy } from 'passport-http';
import { ApiError } from '@libs/api-common';
import { ApiKeyVerifierService } from './api-key-verifier.service';
import type { Principal } from './principal';

export const API_KEY_STRATEGY = 'api-key';

/** HTTP Basic with base64(API_KEY:API_SECRET). */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(BasicStrategy, API_KEY_STRATEGY) {
  constructor(private readonly verifier: ApiKeyVerifierService) {
    super();
  }

  async validate(key: string, secret: string): Promise<Principal> {
    const result = await this.verifier.verify(key, secret);
    if (result.ok) return result.principal;
    if (result.reason === 'suspended')
      throw new ApiError(403, 'organization_suspended', 'The organization of this API key is suspended');
    throw ApiError.unauthenticated('The API Key is invalid');
  }
}
