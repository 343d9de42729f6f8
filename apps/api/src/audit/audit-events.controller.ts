import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listEnvelope } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { FailureResponses, PageQuery } from '../common/openapi-models';
import { Urls } from '../common/urls';
import { OperatorGuard } from '../operator/operator.guard';
import { presentAuditEvent } from './audit-event.presenter';
import { parseAuditEventsQuery } from './audit-events.query';
import { AuditEventListModel, AuditQuery } from './audit-openapi';
import { ListAuditEvents } from './list-audit-events.usecase';

@ApiTags('Audit v1')
@ApiBasicAuth()
@FailureResponses()
@UseGuards(CloudKeyGuard)
@Controller('audit/v1/events')
export class AuditEventsController {
  constructor(
    private readonly urls: Urls,
    private readonly list: ListAuditEvents,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The organization's audit events, newest first (OrganizationAdmin only)",
    description:
      'Every mutating request (POST/PUT/PATCH/DELETE) made with a key of this organization, successful or not. ' +
      'Requests refused before authentication belong to no organization: the operator reads them.',
  })
  @PageQuery()
  @AuditQuery()
  @ApiOkResponse({ type: AuditEventListModel })
  async events(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>) {
    const page = await this.list.ofOrganization(p, parseAuditEventsQuery(query));
    return listEnvelope('audit/v1', 'AuditEvent', `${this.urls.base}/audit/v1/events`, query, page, presentAuditEvent);
  }
}

@ApiTags('Operator')
@ApiBasicAuth()
@FailureResponses()
@UseGuards(OperatorGuard)
@Controller('operator/v1/audit-events')
export class OperatorAuditEventsController {
  constructor(
    private readonly urls: Urls,
    private readonly list: ListAuditEvents,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Audit events with no organization, newest first',
    description:
      'Requests refused before authentication (401, failed-authentication 429, malformed bodies, unknown routes), ' +
      'operator actions, and the events of deleted organizations.',
  })
  @PageQuery()
  @AuditQuery()
  @ApiOkResponse({ type: AuditEventListModel })
  async events(@Query() query: Record<string, unknown>) {
    const page = await this.list.withoutOrganization(parseAuditEventsQuery(query));
    return listEnvelope(
      'audit/v1',
      'AuditEvent',
      `${this.urls.base}/operator/v1/audit-events`,
      query,
      page,
      presentAuditEvent,
    );
  }
}
