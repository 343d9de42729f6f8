import type { ApiKeyResourceKind } from '@libs/db';

/** Who is calling: an API key and what it is scoped to. */
export interface Principal {
  apiKeyId: string;
  organizationId: string;
  serviceAccountId: string;
  resourceKind: ApiKeyResourceKind;
  /** lkc-… / lsrc-… for resource keys; null for cloud keys. */
  resourceId: string | null;
  environmentId: string | null;
}

export const principalName = (p: Pick<Principal, 'serviceAccountId'>): string => `User:${p.serviceAccountId}`;
