// Response shapes for our OpenAPI document (/openapi.json), so generated clients get real types.
// They describe what the presenters return; they are documentation only, never instantiated.
import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiDefaultResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
} from '@nestjs/swagger';

export class ResourceMetadataModel {
  @ApiProperty({ format: 'uri' }) self!: string;
  @ApiPropertyOptional({ description: 'CRN of the resource' }) resource_name?: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class ListMetadataModel {
  @ApiPropertyOptional({ format: 'uri' }) first?: string;
  @ApiPropertyOptional({ format: 'uri', description: 'Next page (carries page_token); absent on the last page' })
  next?: string;
  @ApiPropertyOptional() total_size?: number;
}

export class FailureSourceModel {
  @ApiPropertyOptional({ description: 'JSON pointer into the request body' }) pointer?: string;
  @ApiPropertyOptional({ description: 'Offending query parameter' }) parameter?: string;
}

export class FailureErrorModel {
  @ApiProperty({ description: 'Request id' }) id!: string;
  @ApiProperty({ example: '404', description: 'HTTP status as a string' }) status!: string;
  @ApiProperty({ example: 'resource_not_found' }) code!: string;
  @ApiProperty({ example: 'Not Found' }) title!: string;
  @ApiProperty() detail!: string;
  @ApiProperty({ type: FailureSourceModel }) source!: FailureSourceModel;
}

/** Confluent's "Failure" error body (Org/IAM/CMK). */
export class FailureModel {
  @ApiProperty({ type: [FailureErrorModel] }) errors!: FailureErrorModel[];
}

export class ObjectReferenceModel {
  @ApiPropertyOptional() api_version?: string;
  @ApiPropertyOptional() kind?: string;
  @ApiProperty() id!: string;
  @ApiPropertyOptional() environment?: string;
  @ApiProperty() related!: string;
  @ApiProperty() resource_name!: string;
}

abstract class ResourceModel {
  @ApiProperty() api_version!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ type: ResourceMetadataModel }) metadata!: ResourceMetadataModel;
}

export class StreamGovernanceModel {
  @ApiProperty({ enum: ['ESSENTIALS', 'ADVANCED'] }) package!: string;
}

export class EnvironmentModel extends ResourceModel {
  @ApiProperty() display_name!: string;
  @ApiProperty({ type: StreamGovernanceModel }) stream_governance_config!: StreamGovernanceModel;
}

export class OrganizationModel extends ResourceModel {
  @ApiProperty() display_name!: string;
  @ApiProperty() jit_enabled!: boolean;
}

export class ServiceAccountModel extends ResourceModel {
  @ApiProperty() display_name!: string;
  @ApiProperty() description!: string;
}

export class ApiKeySpecModel {
  @ApiProperty({ description: 'The secret: only in the create response, "" on every read' }) secret!: string;
  @ApiProperty() display_name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: ObjectReferenceModel }) owner!: ObjectReferenceModel;
  @ApiProperty({ type: ObjectReferenceModel }) resource!: ObjectReferenceModel;
}

export class ApiKeyModel extends ResourceModel {
  @ApiProperty({ type: ApiKeySpecModel }) spec!: ApiKeySpecModel;
}

export class RoleBindingModel extends ResourceModel {
  @ApiProperty({ example: 'User:sa-111aaa' }) principal!: string;
  @ApiProperty({ example: 'EnvironmentAdmin' }) role_name!: string;
  @ApiProperty() crn_pattern!: string;
}

export class ClusterConfigModel {
  @ApiProperty({ enum: ['Basic', 'Standard', 'Enterprise', 'Dedicated', 'Freight'] }) kind!: string;
  @ApiPropertyOptional() cku?: number;
  @ApiPropertyOptional() max_ecku?: number;
  @ApiPropertyOptional({ type: [String] }) zones?: string[];
}

export class ClusterEndpointModel {
  @ApiProperty() kafka_bootstrap_endpoint!: string;
  @ApiProperty() http_endpoint!: string;
  @ApiProperty({ enum: ['PUBLIC', 'PRIVATE_LINK', 'PRIVATE_NETWORK_INTERFACE'] }) connection_type!: string;
}

/** spec.external_kafka as read back: never the password. */
export class ExternalKafkaViewModel {
  @ApiProperty() bootstrap_servers!: string;
  @ApiProperty({ enum: ['PLAINTEXT', 'SASL_PLAINTEXT', 'SASL_SSL', 'SSL'] }) security_protocol!: string;
  @ApiPropertyOptional({ enum: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] }) sasl_mechanism?: string;
  @ApiPropertyOptional() username?: string;
  @ApiPropertyOptional({ description: 'PEM' }) ssl_ca_cert?: string;
}

export class ClusterSpecModel {
  @ApiProperty() display_name!: string;
  @ApiProperty() availability!: string;
  @ApiProperty() cloud!: string;
  @ApiProperty() region!: string;
  @ApiProperty({ type: ClusterConfigModel }) config!: ClusterConfigModel;
  @ApiProperty() kafka_bootstrap_endpoint!: string;
  @ApiProperty() http_endpoint!: string;
  @ApiProperty() api_endpoint!: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ClusterEndpointModel' } })
  endpoints!: Record<string, ClusterEndpointModel>;
  @ApiProperty() deletion_protection!: boolean;
  @ApiProperty({ type: ObjectReferenceModel }) environment!: ObjectReferenceModel;
  @ApiPropertyOptional({
    type: ExternalKafkaViewModel,
    description: 'connectplane extension; present for external clusters',
  })
  external_kafka?: ExternalKafkaViewModel;
}

export class ClusterStatusModel {
  @ApiProperty({ enum: ['PROVISIONING', 'PROVISIONED', 'FAILED'] }) phase!: string;
  @ApiPropertyOptional() cku?: number;
}

export class ClusterModel extends ResourceModel {
  @ApiProperty({ type: ClusterSpecModel }) spec!: ClusterSpecModel;
  @ApiProperty({ type: ClusterStatusModel }) status!: ClusterStatusModel;
}

export class TenantModel extends OrganizationModel {
  @ApiProperty({ enum: ['ACTIVE', 'SUSPENDED'] }) state!: string;
}

class TenantAdminAccountModel {
  @ApiProperty() id!: string;
  @ApiProperty() related!: string;
}

class TenantAdminKeyModel {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Shown once' }) secret!: string;
}

class TenantAdminModel {
  @ApiProperty({ type: TenantAdminAccountModel }) service_account!: TenantAdminAccountModel;
  @ApiProperty({ type: TenantAdminKeyModel }) api_key!: TenantAdminKeyModel;
}

export class OnboardedTenantModel extends TenantModel {
  @ApiProperty({ type: TenantAdminModel }) admin!: TenantAdminModel;
}

/** A `<Kind>List` class: {api_version, kind, metadata, data: Item[]}. */
function listModel<T>(item: Type<T>, name: string): Type<unknown> {
  class ListModel {
    @ApiProperty() api_version!: string;
    @ApiProperty() kind!: string;
    @ApiProperty({ type: ListMetadataModel }) metadata!: ListMetadataModel;
    @ApiProperty({ type: [item] }) data!: T[];
  }
  Object.defineProperty(ListModel, 'name', { value: name });
  return ListModel;
}

export const EnvironmentListModel = listModel(EnvironmentModel, 'EnvironmentListModel');
export const OrganizationListModel = listModel(OrganizationModel, 'OrganizationListModel');
export const ServiceAccountListModel = listModel(ServiceAccountModel, 'ServiceAccountListModel');
export const ApiKeyListModel = listModel(ApiKeyModel, 'ApiKeyListModel');
export const RoleBindingListModel = listModel(RoleBindingModel, 'RoleBindingListModel');
export const ClusterListModel = listModel(ClusterModel, 'ClusterListModel');
export const TenantListModel = listModel(TenantModel, 'TenantListModel');

/** Every error of the cloud APIs is a Failure body. */
export const FailureResponses = () =>
  applyDecorators(
    ApiExtraModels(FailureModel, ClusterEndpointModel),
    ApiDefaultResponse({ type: FailureModel, description: 'Error (Failure)' }),
  );

export const PageQuery = () =>
  applyDecorators(
    ApiQuery({
      name: 'page_size',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    }),
    ApiQuery({ name: 'page_token', required: false, schema: { type: 'string', maxLength: 255 } }),
  );

export { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse };
