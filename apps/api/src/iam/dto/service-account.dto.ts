import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/optional-not-null';

export class CreateServiceAccountDto {
  @ApiProperty({ example: 'connector-sa', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  display_name!: string;

  @ApiPropertyOptional({ maxLength: 128 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(128)
  description?: string;
}

export class UpdateServiceAccountDto {
  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  display_name?: string;

  @ApiPropertyOptional({ maxLength: 128 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(128)
  description?: string;
}
