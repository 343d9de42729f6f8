import { Body, Controller, Get, Param, Patch, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { listEnvelope, parsePageRequest } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { Urls } from '../common/urls';
import { UpdateOrganizationDto } from './dto/organization.dto';
import { OrgPresenter } from './org.presenter';
import { GetOrganization, UpdateOrganization } from './usecases/organizations.usecases';
import {
  ApiOkResponse,
  FailureResponses,
  OrganizationListModel,
  OrganizationModel,
  PageQuery,
} from '../common/openapi-models';

@ApiTags('Org v2')
@ApiBasicAuth()
@FailureResponses()
@UseGuards(CloudKeyGuard)
@Controller('org/v2/organizations')
export class OrganizationsController {
  constructor(
    private readonly present: OrgPresenter,
    private readonly urls: Urls,
    private readonly getOrganization: GetOrganization,
    private readonly updateOrganization: UpdateOrganization,
  ) {}

  /** A key belongs to exactly one organization, so the list holds that one. */
  @Get()
  @PageQuery()
  @ApiOkResponse({ type: OrganizationListModel })
  async list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>) {
    const page = parsePageRequest(query);
    const org = await this.getOrganization.execute(p, p.organizationId);
    const rows = page.after ? [] : [org];
    return listEnvelope(
      'org/v2',
      'Organization',
      `${this.urls.base}/org/v2/organizations`,
      query,
      { rows, total: 1 },
      (o) => this.present.organization(o),
    );
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganizationModel })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.present.organization(await this.getOrganization.execute(p, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: OrganizationModel })
  async update(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: UpdateOrganizationDto) {
    return this.present.organization(await this.updateOrganization.execute(p, id, dto));
  }
}
