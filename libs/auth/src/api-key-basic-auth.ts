import type { Request, Response } from 'express';
import { ApiError } from '@libs/api-common';
import type { ApiKeyVerifier } from './api-key-verifier';
import { PassportBasicAuth, type BasicOutcome } from './basic-auth';
import type { Principal } from './principal';

/** The passport strategy that authenticates API keys (HTTP Basic base64(API_KEY:API_SECRET)). */
export const API_KEY_STRATEGY = 'api-key';

/** The application's passport instance with the API-key strategy, whose verify step is the ApiKeyVerifier. */
export function passportWithApiKeys(verifier: ApiKeyVerifier): PassportBasicAuth {
  const auth = new PassportBasicAuth();
  auth.use<Principal>(API_KEY_STRATEGY, async (keyId, secret) => {
    const result = await verifier.verify(keyId, secret);
    if (result.ok) return result.principal;
    if (result.reason === 'suspended')
      throw new ApiError(403, 'organization_suspended', 'The organization of this API key is suspended');
    return false;
  });
  return auth;
}

/** Authenticates an API key through passport. */
export function authenticateApiKey(
  auth: PassportBasicAuth,
  req: Request,
  res: Response,
): Promise<BasicOutcome<Principal>> {
  return auth.authenticate<Principal>(API_KEY_STRATEGY, req, res);
}

/** The client's address as the failed-authentication limits count it. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}
