import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { listEnvelope, parsePageRequest } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { singleQuery } from '../common/query';
import { Urls } from '../common/urls';
import { CreateApiKeyDto, UpdateApiKeyDto } from './dto/api-key.dto';
import { IamPresenter } from './iam.presenter';
import { CreateApiKey, DeleteApiKey, GetApiKey, ListApiKeys, UpdateApiKey } from './usecases/api-keys.usecases';
import {
  ApiAcceptedResponse,
  ApiKeyListModel,
  ApiKeyModel,
  ApiOkResponse,
  FailureResponses,
  PageQuery,
} from '../common/openapi-models';

@ApiTags('IAM v2')
@ApiBasicAuth()
@FailureResponses()
@UseGuards(CloudKeyGuard)
@Controller('iam/v2/api-keys')
export class ApiKeysController {
  constructor(
    private readonly present: IamPresenter,
    private readonly urls: Urls,
    private readonly listKeys: ListApiKeys,
    private readonly getKey: GetApiKey,
    private readonly createKey: CreateApiKey,
    private readonly updateKey: UpdateApiKey,
    private readonly deleteKey: DeleteApiKey,
  ) {}

  @Get()
  @PageQuery()
  @ApiQuery({ name: 'spec.owner', required: false, description: 'Owner service account id' })
  @ApiQuery({ name: 'spec.resource', required: false, description: '"cloud", lkc-… or lsrc-…' })
  @ApiOkResponse({ type: ApiKeyListModel })
  async list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>) {
    const page = await this.listKeys.execute(p, parsePageRequest(query), {
      owner: singleQuery(query, 'spec.owner'),
      resource: singleQuery(query, 'spec.resource'),
    });
    return listEnvelope('iam/v2', 'ApiKey', `${this.urls.base}/iam/v2/api-keys`, query, page, (k) =>
      this.present.apiKey(k),
    );
  }

  /** 202 with the secret, which is never shown again. */
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: ApiKeyModel,
    description: 'Created; spec.secret is shown only here',
    headers: { Location: { description: 'URL of the new key', schema: { type: 'string' } } },
  })
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreateApiKeyDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { key, secret } = await this.createKey.execute(p, dto);
    res.setHeader('Location', this.urls.apiKey(key.id));
    return this.present.apiKey(key, secret);
  }

  @Get(':id')
  @ApiOkResponse({ type: ApiKeyModel })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.present.apiKey(await this.getKey.execute(p, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ApiKeyModel })
  async update(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: UpdateApiKeyDto) {
    return this.present.apiKey(await this.updateKey.execute(p, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<void> {
    await this.deleteKey.execute(p, id);
  }
}
