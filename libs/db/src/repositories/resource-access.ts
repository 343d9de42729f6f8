import type { Prisma } from '@generated/prisma/client';
import type { OrgScope } from '../scope/org-scope';

/** Bindings on a resource or anything below it: env-abc must not take env-abcd's bindings along. */
export function roleBindingsUnder(scope: OrgScope, crnPrefix: string) {
  return {
    organizationId: scope.organizationId,
    OR: [{ crnPattern: crnPrefix }, { crnPattern: { startsWith: `${crnPrefix}/` } }],
  };
}

/**
 * Inside a resource's deletion transaction: its API keys (resource id) and the role bindings on it
 * or below it (CRN). Returns the deleted key ids, whose caches the caller invalidates afterwards.
 */
export async function deleteResourceAccess(
  tx: Prisma.TransactionClient,
  scope: OrgScope,
  resourceId: string,
  crnPrefix: string,
): Promise<string[]> {
  const keyFilter = { organizationId: scope.organizationId, resourceId };
  const keys = await tx.apiKey.findMany({ where: keyFilter, select: { id: true } });
  await tx.apiKey.deleteMany({ where: keyFilter });
  await tx.roleBinding.deleteMany({ where: roleBindingsUnder(scope, crnPrefix) });
  return keys.map((k) => k.id);
}
