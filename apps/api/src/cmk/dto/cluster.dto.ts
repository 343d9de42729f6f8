import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ObjectRefDto } from '../../iam/dto/api-key.dto';
import { IsOptionalNotNull } from '../../common/optional-not-null';

export const CLUSTER_KINDS = ['Basic', 'Standard', 'Enterprise', 'Dedicated', 'Freight'] as const;
export const AVAILABILITIES = ['SINGLE_ZONE', 'MULTI_ZONE', 'LOW', 'HIGH'] as const;
export const CLOUDS = ['AWS', 'GCP', 'AZURE'] as const;

export class ClusterConfigDto {
  @ApiProperty({ enum: CLUSTER_KINDS })
  @IsIn(CLUSTER_KINDS as unknown as string[])
  kind!: string;

  @ApiPropertyOptional({ description: 'Dedicated only: Confluent Kafka Units', minimum: 1 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(152)
  cku?: number;

  @ApiPropertyOptional({ description: 'Enterprise/Freight: maximum eCKUs', minimum: 1 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  max_ecku?: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  zones?: string[];

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  encryption_key?: string;
}

/**
 * connectplane extension (not in Confluent's CMK): register an existing Kafka cluster instead of
 * provisioning one on the embedded broker. The password is stored encrypted and never returned.
 */
export class ExternalKafkaDto {
  @ApiProperty({ example: 'b-1.kafka.example.com:9096,b-2.kafka.example.com:9096' })
  @IsString()
  @Matches(/^[^,\s]+:\d{1,5}(,[^,\s]+:\d{1,5})*$/, { message: 'must be host:port[,host:port…]' })
  bootstrap_servers!: string;

  @ApiProperty({ enum: ['PLAINTEXT', 'SASL_PLAINTEXT', 'SASL_SSL', 'SSL'] })
  @IsIn(['PLAINTEXT', 'SASL_PLAINTEXT', 'SASL_SSL', 'SSL'])
  security_protocol!: string;

  @ApiPropertyOptional({ enum: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] })
  @IsOptionalNotNull()
  @IsIn(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])
  sasl_mechanism?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(256)
  username?: string;

  @ApiPropertyOptional({ writeOnly: true })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({
    description:
      "SSL / SASL_SSL: the CA certificate(s), PEM, that the brokers' certificates chain to (default: the system's trusted CAs)",
    example: '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(65_536)
  ssl_ca_cert?: string;
}

export class CreateClusterSpecDto {
  @ApiProperty({ example: 'kc-101', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  display_name!: string;

  @ApiProperty({ enum: AVAILABILITIES })
  @IsIn(AVAILABILITIES as unknown as string[])
  availability!: string;

  @ApiProperty({ enum: CLOUDS })
  @IsIn(CLOUDS as unknown as string[])
  cloud!: string;

  @ApiProperty({ example: 'us-west4' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  region!: string;

  @ApiProperty({ type: ClusterConfigDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ClusterConfigDto)
  config!: ClusterConfigDto;

  @ApiProperty({ type: ObjectRefDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ObjectRefDto)
  environment!: ObjectRefDto;

  @ApiPropertyOptional({ type: ObjectRefDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ObjectRefDto)
  network?: ObjectRefDto;

  @ApiPropertyOptional({ type: ObjectRefDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ObjectRefDto)
  byok?: ObjectRefDto;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  deletion_protection?: boolean;

  @ApiPropertyOptional({ type: ExternalKafkaDto, description: 'connectplane extension: bring your own Kafka cluster' })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ExternalKafkaDto)
  external_kafka?: ExternalKafkaDto;
}

export class CreateClusterDto {
  @ApiProperty({ type: CreateClusterSpecDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CreateClusterSpecDto)
  spec!: CreateClusterSpecDto;
}

export class UpdateClusterSpecDto {
  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  display_name?: string;

  @ApiPropertyOptional({ enum: AVAILABILITIES })
  @IsOptionalNotNull()
  @IsIn(AVAILABILITIES as unknown as string[])
  availability?: string;

  @ApiPropertyOptional({ type: ClusterConfigDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ClusterConfigDto)
  config?: ClusterConfigDto;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  deletion_protection?: boolean;

  @ApiProperty({ type: ObjectRefDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ObjectRefDto)
  environment!: ObjectRefDto;
}

export class UpdateClusterDto {
  @ApiProperty({ type: UpdateClusterSpecDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateClusterSpecDto)
  spec!: UpdateClusterSpecDto;
}
