import { Injectable } from '@nestjs/common';
import type { Page } from '@libs/api-common';
import { AccessService, type Principal } from '@libs/auth';
import { AuditEventRepository, type OrgScope } from '@libs/db';
import type { AuditEvent } from '@generated/prisma/client';
import type { AuditEventsQuery } from './audit-events.query';

/**
 * Audit events, newest first: an organization's own to its OrganizationAdmins (403 for anyone else),
 * and the events without an organization (unauthenticated requests, operator actions, events of
 * deleted organizations) to the operator.
 */
@Injectable()
export class ListAuditEvents {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly access: AccessService,
  ) {}

  async ofOrganization(p: Principal, q: AuditEventsQuery): Promise<Page<AuditEvent>> {
    await this.access.requireOrganizationAdmin(p);
    return this.page(p.scope, q);
  }

  withoutOrganization(q: AuditEventsQuery): Promise<Page<AuditEvent>> {
    return this.page(null, q);
  }

  private async page(organization: OrgScope | null, q: AuditEventsQuery): Promise<Page<AuditEvent>> {
    const { rows, total, nextBeforeId } = await this.events.list({ ...q.filter, organization }, q.size, q.beforeId);
    const last = rows[rows.length - 1];
    // The page token carries the id of the last event shown (its time only for the token's shape).
    const next = nextBeforeId !== undefined && last ? { createdAt: last.at, id: nextBeforeId.toString() } : undefined;
    return { rows, total, next };
  }
}
