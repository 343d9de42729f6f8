import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '../../common/optional-not-null';

export class StreamGovernanceConfigDto {
  @ApiProperty({ enum: ['ESSENTIALS', 'ADVANCED'] })
  @IsIn(['ESSENTIALS', 'ADVANCED'])
  package!: string;
}

export class CreateEnvironmentDto {
  @ApiProperty({ example: 'dev', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  display_name!: string;

  @ApiPropertyOptional({ type: StreamGovernanceConfigDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => StreamGovernanceConfigDto)
  stream_governance_config?: StreamGovernanceConfigDto;
}

export class UpdateEnvironmentDto {
  @ApiPropertyOptional({ example: 'dev', maxLength: 64 })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  display_name?: string;

  @ApiPropertyOptional({ type: StreamGovernanceConfigDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => StreamGovernanceConfigDto)
  stream_governance_config?: StreamGovernanceConfigDto;
}
