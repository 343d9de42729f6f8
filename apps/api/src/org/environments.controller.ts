import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { listEnvelope, parsePageRequest } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { Urls } from '../common/urls';
import { CreateEnvironmentDto, UpdateEnvironmentDto } from './dto/environment.dto';
import { OrgPresenter } from './org.presenter';
import {
  CreateEnvironment,
  DeleteEnvironment,
  GetEnvironment,
  ListEnvironments,
  UpdateEnvironment,
} from './usecases/environments.usecases';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  EnvironmentListModel,
  EnvironmentModel,
  FailureResponses,
  PageQuery,
} from '../common/openapi-models';

@ApiTags('Org v2')
@ApiBasicAuth()
@FailureResponses()
@UseGuards(CloudKeyGuard)
@Controller('org/v2/environments')
export class EnvironmentsController {
  constructor(
    private readonly present: OrgPresenter,
    private readonly urls: Urls,
    private readonly listEnvironments: ListEnvironments,
    private readonly getEnvironment: GetEnvironment,
    private readonly createEnvironment: CreateEnvironment,
    private readonly updateEnvironment: UpdateEnvironment,
    private readonly deleteEnvironment: DeleteEnvironment,
  ) {}

  @Get()
  @PageQuery()
  @ApiOkResponse({ type: EnvironmentListModel })
  async list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>) {
    const page = await this.listEnvironments.execute(p, parsePageRequest(query));
    return listEnvelope('org/v2', 'Environment', `${this.urls.base}/org/v2/environments`, query, page, (e) =>
      this.present.environment(e),
    );
  }

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: EnvironmentModel })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateEnvironmentDto) {
    return this.present.environment(await this.createEnvironment.execute(p, dto));
  }

  @Get(':id')
  @ApiOkResponse({ type: EnvironmentModel })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.present.environment(await this.getEnvironment.execute(p, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: EnvironmentModel })
  async update(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: UpdateEnvironmentDto) {
    return this.present.environment(await this.updateEnvironment.execute(p, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<void> {
    await this.deleteEnvironment.execute(p, id);
  }
}
