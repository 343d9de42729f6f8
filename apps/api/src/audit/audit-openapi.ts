// /openapi.json shapes of the audit read API (documentation only, never instantiated).
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { ListMetadataModel } from '../common/openapi-models';

export class AuditEventModel {
  @ApiProperty({ example: 'audit/v1' }) api_version!: string;
  @ApiProperty({ example: 'AuditEvent' }) kind!: string;
  @ApiProperty({ description: 'Increases with every event' }) id!: string;
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty({ nullable: true, description: 'null: an unauthenticated request or an operator action' })
  organization_id!: string | null;
  @ApiProperty({ description: 'API key id, "operator", or "anonymous" when authentication failed' })
  principal!: string;
  @ApiProperty({ enum: ['POST', 'PUT', 'PATCH', 'DELETE'] }) method!: string;
  @ApiProperty({ description: 'Route template (e.g. /org/v2/environments/:id), or the path if none matched' })
  path!: string;
  @ApiProperty() resource_type!: string;
  @ApiProperty({ nullable: true }) resource_id!: string | null;
  @ApiProperty({ description: '"success", the HTTP status of a failure, or "aborted"' }) result!: string;
  @ApiProperty({ nullable: true }) request_id!: string | null;
  @ApiPropertyOptional({ description: 'Key id an unauthenticated request presented (never its secret)' })
  claimed_key_id?: string;
}

export class AuditEventListModel {
  @ApiProperty() api_version!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: ListMetadataModel }) metadata!: ListMetadataModel;
  @ApiProperty({ type: [AuditEventModel] }) data!: AuditEventModel[];
}

export const AuditQuery = () =>
  applyDecorators(
    ApiQuery({ name: 'start_time', required: false, schema: { type: 'string', format: 'date-time' } }),
    ApiQuery({
      name: 'end_time',
      required: false,
      description: 'Exclusive',
      schema: { type: 'string', format: 'date-time' },
    }),
    ApiQuery({ name: 'principal', required: false, description: 'API key id, "operator" or "anonymous"' }),
    ApiQuery({ name: 'method', required: false, schema: { type: 'string', enum: ['POST', 'PUT', 'PATCH', 'DELETE'] } }),
    ApiQuery({ name: 'path', required: false, description: 'Route prefix, e.g. /org/v2/environments' }),
    ApiQuery({ name: 'result', required: false, description: '"success", an HTTP status such as 401, or "aborted"' }),
  );
