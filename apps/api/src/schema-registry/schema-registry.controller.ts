// Confluent Schema Registry REST API on the shared endpoint
// (https://docs.confluent.io/platform/current/schema-registry/develop/api.html): the SR API key
// (resource lsrc-…) selects the registry, as on Confluent Cloud.
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, SchemaRegistryKeyGuard, type Principal } from '@libs/auth';
import {
  CompatibilityConfigUsecases,
  DeleteSchemaUsecases,
  ModeUsecases,
  RegisterSchemaUsecases,
  SchemaReadUsecases,
  supportedSchemaTypes,
  TestCompatibilityUsecases,
  type Registry,
} from '@libs/schema-registry';
import { boolQuery, listQuery, strQuery, SchemaRegistryHttpInterceptor } from './sr-http';

type Q = Record<string, unknown>;

/** The request header with which a client accepts members Confluent Cloud leaves out by default (guid). */
const UNKNOWN_PROPERTIES = 'confluent-accept-unknown-properties';

/** The caller's SR API key selects the registry (principal.resourceId = lsrc-…). */
export const registryOf = (p: Principal): Registry => ({ scope: p.scope, id: p.resourceId as string });

@ApiTags('Schema Registry')
@ApiBasicAuth()
@UseGuards(SchemaRegistryKeyGuard)
@UseInterceptors(SchemaRegistryHttpInterceptor)
@Controller()
export class SchemaRegistryController {
  constructor(
    private readonly reads: SchemaReadUsecases,
    private readonly registration: RegisterSchemaUsecases,
    private readonly compatibilityTest: TestCompatibilityUsecases,
    private readonly deletes: DeleteSchemaUsecases,
    private readonly compatibility: CompatibilityConfigUsecases,
    private readonly modes: ModeUsecases,
  ) {}

  // ── subjects ──────────────────────────────────────────────────────────────────────────────

  @Get('subjects')
  @ApiOperation({ summary: 'List subjects (subjectPrefix, deleted, deletedOnly, offset, limit)' })
  listSubjects(@CurrentPrincipal() p: Principal, @Query() q: Q) {
    return this.reads.listSubjects(registryOf(p), { ...listQuery(q), subjectPrefix: strQuery(q, 'subjectPrefix') });
  }

  @Get('subjects/:subject/versions')
  @ApiOperation({ summary: 'List versions of a subject' })
  listVersions(@CurrentPrincipal() p: Principal, @Param('subject') subject: string, @Query() q: Q) {
    return this.reads.listVersions(registryOf(p), subject, listQuery(q));
  }

  @Post('subjects/:subject/versions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Register a schema under a subject → {id} (idempotent)' })
  async register(
    @CurrentPrincipal() p: Principal,
    @Param('subject') subject: string,
    @Body() body: unknown,
    @Headers(UNKNOWN_PROPERTIES) unknownProperties?: string,
  ) {
    const out = await this.registration.register(registryOf(p), subject, body);
    // Confluent Cloud answers only {id} unless the client accepts more (API-NOTES §14.3): then the GUID too
    if (unknownProperties !== 'true') return out;
    return { ...out, guid: (await this.reads.schemaRow(registryOf(p), out.id)).guid };
  }

  @Get('subjects/:subject/versions/:version')
  @ApiOperation({ summary: 'A version of a subject (number or latest)' })
  getVersion(
    @CurrentPrincipal() p: Principal,
    @Param('subject') s: string,
    @Param('version') v: string,
    @Query() q: Q,
  ) {
    return this.reads.getVersion(registryOf(p), s, v, boolQuery(q, 'deleted'), strQuery(q, 'format'));
  }

  @Get('subjects/:subject/versions/:version/schema')
  @ApiOperation({ summary: 'The raw schema text of a version' })
  async getVersionSchema(
    @CurrentPrincipal() p: Principal,
    @Param('subject') s: string,
    @Param('version') v: string,
    @Query() q: Q,
  ) {
    return (await this.reads.getVersion(registryOf(p), s, v, boolQuery(q, 'deleted'), strQuery(q, 'format'))).schema;
  }

  @Get('subjects/:subject/versions/:version/referencedby')
  @ApiOperation({ summary: 'Ids of schemas that reference this version' })
  referencedBy(@CurrentPrincipal() p: Principal, @Param('subject') s: string, @Param('version') v: string) {
    return this.reads.referencedBy(registryOf(p), s, v);
  }

  @Delete('subjects/:subject/versions/:version')
  @ApiOperation({ summary: 'Soft-delete a version; permanent=true after a soft delete' })
  deleteVersion(
    @CurrentPrincipal() p: Principal,
    @Param('subject') s: string,
    @Param('version') v: string,
    @Query() q: Q,
  ) {
    return this.deletes.deleteVersion(registryOf(p), s, v, boolQuery(q, 'permanent'));
  }

  @Post('subjects/:subject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Is this schema registered under the subject? → Schema' })
  lookup(@CurrentPrincipal() p: Principal, @Param('subject') s: string, @Body() body: unknown, @Query() q: Q) {
    return this.reads.lookup(registryOf(p), s, body, boolQuery(q, 'deleted'), strQuery(q, 'format'));
  }

  @Delete('subjects/:subject')
  @ApiOperation({ summary: 'Soft-delete a subject; permanent=true after a soft delete' })
  deleteSubject(@CurrentPrincipal() p: Principal, @Param('subject') s: string, @Query() q: Q) {
    return this.deletes.deleteSubject(registryOf(p), s, boolQuery(q, 'permanent'));
  }

  // ── schemas ───────────────────────────────────────────────────────────────────────────────

  @Get('schemas/types')
  @ApiOperation({ summary: 'Supported schema types' })
  types() {
    return supportedSchemaTypes();
  }

  @Get('schemas')
  @ApiOperation({ summary: 'List schemas (subjectPrefix, deleted, latestOnly, offset, limit)' })
  listSchemas(@CurrentPrincipal() p: Principal, @Query() q: Q) {
    return this.reads.listSchemas(registryOf(p), {
      ...listQuery(q),
      subjectPrefix: strQuery(q, 'subjectPrefix'),
      latestOnly: boolQuery(q, 'latestOnly'),
    });
  }

  @Get('schemas/ids/:id')
  @ApiOperation({ summary: 'A schema by its registry-wide id' })
  schemaById(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() q: Q,
    @Headers(UNKNOWN_PROPERTIES) unknownProperties?: string,
  ) {
    return this.reads.schemaById(registryOf(p), id, strQuery(q, 'format'), unknownProperties === 'true');
  }

  @Get('schemas/guids/:guid')
  @ApiOperation({ summary: 'A schema by its GUID (what record-header serializers write)' })
  schemaByGuid(@CurrentPrincipal() p: Principal, @Param('guid') guid: string, @Query() q: Q) {
    return this.reads.schemaByGuid(registryOf(p), guid, strQuery(q, 'format'));
  }

  @Get('schemas/ids/:id/schema')
  @ApiOperation({ summary: 'The raw schema text of an id' })
  async rawSchemaById(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() q: Q) {
    return this.reads.schemaText(registryOf(p), id, strQuery(q, 'format'));
  }

  @Get('schemas/ids/:id/subjects')
  @ApiOperation({ summary: 'Subjects using a schema id' })
  async subjectsOfSchema(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() q: Q) {
    const pairs = await this.reads.subjectsOfSchema(registryOf(p), id, boolQuery(q, 'deleted'));
    return [...new Set(pairs.map((x) => x.subject))];
  }

  @Get('schemas/ids/:id/versions')
  @ApiOperation({ summary: 'Subject-version pairs using a schema id' })
  versionsOfSchema(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() q: Q) {
    return this.reads.subjectsOfSchema(registryOf(p), id, boolQuery(q, 'deleted'));
  }

  // ── config ────────────────────────────────────────────────────────────────────────────────

  @Get('config')
  @ApiOperation({ summary: 'Global compatibility level' })
  async getGlobalConfig(@CurrentPrincipal() p: Principal) {
    return this.compatibility.getSubjectConfig(registryOf(p), '', true);
  }

  @Put('config')
  @ApiOperation({ summary: 'Set the global compatibility level' })
  async putGlobalConfig(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.compatibility.setConfig(registryOf(p), '', body);
  }

  @Delete('config')
  @ApiOperation({ summary: 'Reset the global compatibility level (returns the previous one)' })
  async deleteGlobalConfig(@CurrentPrincipal() p: Principal) {
    return { compatibilityLevel: await this.compatibility.deleteLevel(registryOf(p), '') };
  }

  @Get('config/:subject')
  @ApiOperation({ summary: 'Subject compatibility level (defaultToGlobal)' })
  async getSubjectConfig(@CurrentPrincipal() p: Principal, @Param('subject') s: string, @Query() q: Q) {
    return this.compatibility.getSubjectConfig(registryOf(p), s, boolQuery(q, 'defaultToGlobal'));
  }

  @Put('config/:subject')
  @ApiOperation({ summary: 'Set a subject compatibility level' })
  async putSubjectConfig(@CurrentPrincipal() p: Principal, @Param('subject') s: string, @Body() body: unknown) {
    return this.compatibility.setConfig(registryOf(p), s, body);
  }

  @Delete('config/:subject')
  @ApiOperation({ summary: 'Remove a subject compatibility level (returns it)' })
  async deleteSubjectConfig(@CurrentPrincipal() p: Principal, @Param('subject') s: string) {
    return { compatibilityLevel: await this.compatibility.deleteLevel(registryOf(p), s) };
  }

  // ── compatibility ─────────────────────────────────────────────────────────────────────────

  @Post('compatibility/subjects/:subject/versions/:version')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test a schema against one version (verbose=true adds messages)' })
  async testOne(
    @CurrentPrincipal() p: Principal,
    @Param('subject') s: string,
    @Param('version') v: string,
    @Body() body: unknown,
    @Query() q: Q,
  ) {
    const out = await this.compatibilityTest.testCompatibility(registryOf(p), s, v, body);
    return boolQuery(q, 'verbose') ? out : { is_compatible: out.is_compatible };
  }

  @Post('compatibility/subjects/:subject/versions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test a schema against the versions its level covers' })
  async testAll(@CurrentPrincipal() p: Principal, @Param('subject') s: string, @Body() body: unknown, @Query() q: Q) {
    const out = await this.compatibilityTest.testCompatibility(registryOf(p), s, undefined, body);
    return boolQuery(q, 'verbose') ? out : { is_compatible: out.is_compatible };
  }

  // ── mode ──────────────────────────────────────────────────────────────────────────────────

  @Get('mode')
  @ApiOperation({ summary: 'Global mode' })
  async getGlobalMode(@CurrentPrincipal() p: Principal) {
    return { mode: await this.modes.globalMode(registryOf(p)) };
  }

  @Put('mode')
  @ApiOperation({ summary: 'Set the global mode (force=true for IMPORT with schemas present)' })
  async putGlobalMode(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Query() q: Q) {
    return { mode: await this.modes.setMode(registryOf(p), '', body, boolQuery(q, 'force')) };
  }

  @Delete('mode')
  @ApiOperation({ summary: 'Reset the global mode (returns the previous one)' })
  async deleteGlobalMode(@CurrentPrincipal() p: Principal) {
    return { mode: await this.modes.deleteMode(registryOf(p), '') };
  }

  @Get('mode/:subject')
  @ApiOperation({ summary: 'Subject mode (defaultToGlobal)' })
  async getSubjectMode(@CurrentPrincipal() p: Principal, @Param('subject') s: string, @Query() q: Q) {
    return { mode: await this.modes.getSubjectMode(registryOf(p), s, boolQuery(q, 'defaultToGlobal')) };
  }

  @Put('mode/:subject')
  @ApiOperation({ summary: 'Set a subject mode' })
  async putSubjectMode(
    @CurrentPrincipal() p: Principal,
    @Param('subject') s: string,
    @Body() body: unknown,
    @Query() q: Q,
  ) {
    return { mode: await this.modes.setMode(registryOf(p), s, body, boolQuery(q, 'force')) };
  }

  @Delete('mode/:subject')
  @ApiOperation({ summary: 'Remove a subject mode (returns it)' })
  async deleteSubjectMode(@CurrentPrincipal() p: Principal, @Param('subject') s: string) {
    return { mode: await this.modes.deleteMode(registryOf(p), s) };
  }

  // ── contexts ──────────────────────────────────────────────────────────────────────────────

  @Get('contexts')
  @ApiOperation({ summary: 'Contexts in use (. = default)' })
  contexts(@CurrentPrincipal() p: Principal) {
    return this.reads.contexts(registryOf(p));
  }
}
