import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { listEnvelope, parsePageRequest } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { multiQuery } from '../common/query';
import { Urls } from '../common/urls';
import { CreateServiceAccountDto, UpdateServiceAccountDto } from './dto/service-account.dto';
import { IamPresenter } from './iam.presenter';
import {
  CreateServiceAccount,
  DeleteServiceAccount,
  GetServiceAccount,
  ListServiceAccounts,
  UpdateServiceAccount,
} from './usecases/service-accounts.usecases';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  FailureResponses,
  PageQuery,
  ServiceAccountListModel,
  ServiceAccountModel,
} from '../common/openapi-models';

@ApiTags('IAM v2')
@ApiBasicAuth()
@FailureResponses()
@UseGuards(CloudKeyGuard)
@Controller('iam/v2/service-accounts')
export class ServiceAccountsController {
  constructor(
    private readonly present: IamPresenter,
    private readonly urls: Urls,
    private readonly listAccounts: ListServiceAccounts,
    private readonly getAccount: GetServiceAccount,
    private readonly createAccount: CreateServiceAccount,
    private readonly updateAccount: UpdateServiceAccount,
    private readonly deleteAccount: DeleteServiceAccount,
  ) {}

  @Get()
  @PageQuery()
  @ApiQuery({ name: 'display_name', required: false, type: [String], description: 'Repeatable filter' })
  @ApiOkResponse({ type: ServiceAccountListModel })
  async list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>) {
    const page = await this.listAccounts.execute(p, parsePageRequest(query), multiQuery(query, 'display_name'));
    return listEnvelope('iam/v2', 'ServiceAccount', `${this.urls.base}/iam/v2/service-accounts`, query, page, (sa) =>
      this.present.serviceAccount(sa),
    );
  }

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: ServiceAccountModel })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateServiceAccountDto) {
    return this.present.serviceAccount(await this.createAccount.execute(p, dto));
  }

  @Get(':id')
  @ApiOkResponse({ type: ServiceAccountModel })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.present.serviceAccount(await this.getAccount.execute(p, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ServiceAccountModel })
  async update(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: UpdateServiceAccountDto) {
    return this.present.serviceAccount(await this.updateAccount.execute(p, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<void> {
    await this.deleteAccount.execute(p, id);
  }
}
