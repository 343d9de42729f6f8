import type { AuditEvent } from '@generated/prisma/client';

/** An audit event as the read API shows it (no body or secret is ever stored, so none is shown). */
export function presentAuditEvent(e: AuditEvent) {
  const space = e.action.indexOf(' ');
  const details = e.details && typeof e.details === 'object' && !Array.isArray(e.details) ? e.details : {};
  const claimed = (details as Record<string, unknown>).claimed_key_id;
  return {
    api_version: 'audit/v1',
    kind: 'AuditEvent',
    id: e.id.toString(),
    time: e.at.toISOString(),
    organization_id: e.organizationId,
    principal: e.actor,
    method: space < 0 ? e.action : e.action.slice(0, space),
    path: space < 0 ? '' : e.action.slice(space + 1),
    resource_type: e.resourceType,
    resource_id: e.resourceId,
    result: e.result,
    request_id: e.requestId,
    ...(typeof claimed === 'string' ? { claimed_key_id: claimed } : {}),
  };
}
