import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { listEnvelope, parsePageRequest } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { singleQuery } from '../common/query';
import { Urls } from '../common/urls';
import { CreateRoleBindingDto } from './dto/role-binding.dto';
import { IamPresenter } from './iam.presenter';
import {
  CreateRoleBinding,
  DeleteRoleBinding,
  GetRoleBinding,
  ListRoleBindings,
} from './usecases/role-bindings.usecases';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  FailureResponses,
  PageQuery,
  RoleBindingListModel,
  RoleBindingModel,
} from '../common/openapi-models';

@ApiTags('IAM v2')
@ApiBasicAuth()
@FailureResponses()
@UseGuards(CloudKeyGuard)
@Controller('iam/v2/role-bindings')
export class RoleBindingsController {
  constructor(
    private readonly present: IamPresenter,
    private readonly urls: Urls,
    private readonly listBindings: ListRoleBindings,
    private readonly getBinding: GetRoleBinding,
    private readonly createBinding: CreateRoleBinding,
    private readonly deleteBinding: DeleteRoleBinding,
  ) {}

  @Get()
  @PageQuery()
  @ApiQuery({ name: 'principal', required: false })
  @ApiQuery({ name: 'role_name', required: false })
  @ApiQuery({ name: 'crn_pattern', required: false })
  @ApiOkResponse({ type: RoleBindingListModel })
  async list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>) {
    const page = await this.listBindings.execute(p, parsePageRequest(query), {
      principal: singleQuery(query, 'principal'),
      roleName: singleQuery(query, 'role_name'),
      crnPattern: singleQuery(query, 'crn_pattern'),
    });
    return listEnvelope('iam/v2', 'RoleBinding', `${this.urls.base}/iam/v2/role-bindings`, query, page, (rb) =>
      this.present.roleBinding(rb),
    );
  }

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: RoleBindingModel })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateRoleBindingDto) {
    return this.present.roleBinding(await this.createBinding.execute(p, dto));
  }

  @Get(':id')
  @ApiOkResponse({ type: RoleBindingModel })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.present.roleBinding(await this.getBinding.execute(p, id));
  }

  /** MDS answers 200 with the deleted binding (mds-v2-role-bindings.openapi.yaml), not 204. */
  @Delete(':id')
  @HttpCode(200)
  @ApiOkResponse({ type: RoleBindingModel, description: 'The deleted binding' })
  async remove(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.present.roleBinding(await this.deleteBinding.execute(p, id));
  }
}
