import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { listEnvelope, parsePageRequest } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { singleQuery } from '../common/query';
import { Urls } from '../common/urls';
import { CreateRoleBindingDto } from './dto/role-binding.dto';
import { IamPresenter } from './iam.presenter';
import { CreateRoleBinding, DeleteRoleBinding, GetRoleBinding, ListRoleBindings } from './usecases/role-bindings.usecases';

@ApiTags('IAM v2')
@ApiBasicAuth()
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
  async list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>) {
    const page = await this.listBindings.execute(p, parsePageRequest(query), {
      principal: singleQuery(query, 'principal'),
      roleName: singleQuery(query, 'role_name'),
      crnPattern: singleQuery(query, 'crn_pattern'),
    });
    return listEnvelope('iam/v2', 'RoleBinding', `${this.urls.base}/iam/v2/role-bindings`, query, page, (rb) => this.present.roleBinding(rb));
  }

  @Post()
  @HttpCode(201)
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateRoleBindingDto) {
    return this.present.roleBinding(await this.createBinding.execute(p, dto));
  }

  @Get(':id')
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.present.roleBinding(await this.getBinding.execute(p, id));
  }

  /** MDS answers 200 with the deleted binding (mds-v2-role-bindings.openapi.yaml), not 204. */
  @Delete(':id')
  @HttpCode(200)
  async remove(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.present.roleBinding(await this.deleteBinding.execute(p, id));
  }
}
