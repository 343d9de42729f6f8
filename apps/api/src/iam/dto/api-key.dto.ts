import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '../../common/optional-not-null';

export class ObjectRefDto {
  @ApiProperty({ example: 'sa-k3v9q2' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id!: string;

  @ApiPropertyOptional({ example: 'env-a1b2c3' })
  @IsOptional()
  @IsString()
  environment?: string;

  // Clients echo whole references back; these members are accepted and ignored.
  @ApiPropertyOptional() @IsOptional() @IsString() api_version?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() kind?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() related?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() resource_name?: string;
}

export class CreateApiKeySpecDto {
  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  display_name?: string;

  @ApiPropertyOptional({ maxLength: 128 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(128)
  description?: string;

  @ApiProperty({ type: ObjectRefDto, description: 'The service account that owns the key' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ObjectRefDto)
  owner!: ObjectRefDto;

  @ApiPropertyOptional({
    type: ObjectRefDto,
    description: '"cloud", a Kafka cluster (lkc-…) or a Schema Registry (lsrc-…); absent means cloud',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObjectRefDto)
  resource?: ObjectRefDto;
}

export class CreateApiKeyDto {
  @ApiProperty({ type: CreateApiKeySpecDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CreateApiKeySpecDto)
  spec!: CreateApiKeySpecDto;
}

export class UpdateApiKeySpecDto {
  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  display_name?: string;

  @ApiPropertyOptional({ maxLength: 128 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(128)
  description?: string;
}

export class UpdateApiKeyDto {
  @ApiProperty({ type: UpdateApiKeySpecDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateApiKeySpecDto)
  spec!: UpdateApiKeySpecDto;
}
