// What an audit event says about a request: who (API key id, "operator" or "anonymous"), what
// ("METHOD /route"), on which resource, and the result. Never a body, a secret or a header value
// other than the key id an unauthenticated caller claimed.
import type { Request } from 'express';
import { requestIdOf } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import type { NewAuditEvent } from '@libs/db';

export const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type AuditedRequest = Request & { user?: Principal | { operator: true } };

// Set on a request the interceptor records, so the rejection middleware does not record it again.
const AUDITED = Symbol('audited');

export function markAudited(req: Request): void {
  (req as Request & { [AUDITED]?: true })[AUDITED] = true;
}

export function isAudited(req: Request): boolean {
  return (req as Request & { [AUDITED]?: true })[AUDITED] === true;
}

const MAX_TEXT = 512;
const clip = (s: string, max = MAX_TEXT) => (s.length > max ? s.slice(0, max) : s);

/** The key id of an HTTP Basic Authorization header (the part before ':'), never the secret. */
function claimedKeyId(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim().slice(0, 1024), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const id = colon < 0 ? '' : decoded.slice(0, colon);
  // Only something shaped like a key id: a mistyped secret pasted as the user name stays out.
  return /^[A-Za-z0-9._:@/-]{1,64}$/.test(id) ? id : undefined;
}

export function auditEventOf(req: AuditedRequest, status: number | 'aborted', body?: unknown): NewAuditEvent {
  const user = req.user;
  const principal = user && 'apiKeyId' in user ? user : undefined;
  // A request refused before routing (body parser) has no route, and an unknown one only a catch-all
  // (`/{*path}`): its path stands in.
  const template = (req.route as { path?: string } | undefined)?.path;
  const route = clip(template && !template.includes('*') ? template : req.path);
  const params = (req.params ?? {}) as Record<string, string | undefined>;
  const bodyId = body && typeof body === 'object' && 'id' in body ? String((body as { id: unknown }).id) : undefined;
  const resourceId = params.id ?? params.connector_name ?? params.topic_name ?? bodyId ?? null;
  const claimed = user ? undefined : claimedKeyId(req);
  return {
    // Operator actions carry the organization they act on in resourceId (a deleted one could not be
    // referenced here); unauthenticated requests have none. Both are the operator's to read.
    organization: principal?.scope ?? null,
    actor: principal ? principal.apiKeyId : user ? 'operator' : 'anonymous',
    action: `${req.method} ${route}`,
    resourceType: clip(route.split('/').filter((s) => s && !s.startsWith(':'))[2] ?? route, 128),
    resourceId: resourceId === null ? null : clip(resourceId, 256),
    result: status === 'aborted' ? status : status < 400 ? 'success' : String(status),
    requestId: requestIdOf(req) || null,
    ...(claimed ? { details: { claimed_key_id: claimed } } : {}),
  };
}
