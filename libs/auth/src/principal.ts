import type { ApiKeyResourceKind, OrgScope } from '@libs/db';

/** Who is calling: an API key and what it is scoped to. */
export interface Principal {
  apiKeyId: string;
  organizationId: string;
  /** The tenant scope every repository call of this request takes (from the key's row). */
  scope: OrgScope;
  serviceAccountId: string;
  resourceKind: ApiKeyResourceKind;
  /** lkc-… / lsrc-… for resource keys; null for cloud keys. */
  resourceId: string | null;
  environmentId: string | null;
}

export const principalName = (p: Pick<Principal, 'serviceAccountId'>): string => `User:${p.serviceAccountId}`;
