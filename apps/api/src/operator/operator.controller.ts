import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { PlatformRepository, type Organization } from '@libs/db';
import { Urls } from '../common/urls';
import { OrgPresenter } from '../org/org.presenter';
import { CreateTenantOrganizationDto } from './dto/organization.dto';
import { OperatorGuard } from './operator.guard';
import { OnboardOrganization } from './usecases/onboard-organization.usecase';
import { DeleteTenant, GetTenant, SetTenantState } from './usecases/tenant-lifecycle.usecases';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  FailureResponses,
  OnboardedTenantModel,
  TenantListModel,
  TenantModel,
} from '../common/openapi-models';

/** The hosting operator onboards tenants here (Confluent has sign-up for this). */
@ApiTags('Operator')
@ApiBasicAuth()
@FailureResponses()
@UseGuards(OperatorGuard)
@Controller('operator/v1/organizations')
export class OperatorController {
  constructor(
    private readonly present: OrgPresenter,
    private readonly urls: Urls,
    private readonly platform: PlatformRepository,
    private readonly onboard: OnboardOrganization,
    private readonly getTenant: GetTenant,
    private readonly setState: SetTenantState,
    private readonly deleteTenant: DeleteTenant,
  ) {}

  private tenant(o: Organization) {
    return { ...this.present.organization(o), state: o.state };
  }

  @Get()
  @ApiOkResponse({ type: TenantListModel })
  async list() {
    const rows = await this.platform.tenants.listAll();
    return {
      api_version: 'operator/v1',
      kind: 'OrganizationList',
      metadata: { total_size: rows.length },
      data: rows.map((o) => this.tenant(o)),
    };
  }

  /** Creates the organization and returns its first admin cloud key (the secret only here). */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({
    type: OnboardedTenantModel,
    description: 'The organization and its first admin key (secret shown once)',
  })
  async create(@Body() dto: CreateTenantOrganizationDto) {
    const t = await this.onboard.execute(dto.display_name);
    return {
      ...this.tenant(t.organization),
      admin: {
        service_account: { id: t.admin.id, related: this.urls.serviceAccount(t.admin.id) },
        api_key: { id: t.key.id, secret: t.secret },
      },
    };
  }

  @Get(':id')
  @ApiOkResponse({ type: TenantModel })
  async get(@Param('id') id: string) {
    return this.tenant((await this.getTenant.execute(id)).organization);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOkResponse({ type: TenantModel })
  async suspend(@Param('id') id: string) {
    return this.tenant(await this.setState.execute(id, 'SUSPENDED'));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: TenantModel })
  async resume(@Param('id') id: string) {
    return this.tenant(await this.setState.execute(id, 'ACTIVE'));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.deleteTenant.execute(id);
  }
}
