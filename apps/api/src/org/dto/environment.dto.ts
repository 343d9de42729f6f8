import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

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
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => StreamGovernanceConfigDto)
  stream_governance_config?: StreamGovernanceConfigDto;
}

export class UpdateEnvironmentDto {
  @ApiPropertyOptional({ example: 'dev', maxLength: 64 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  display_name?: string;

  @ApiPropertyOptional({ type: StreamGovernanceConfigDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => StreamGovernanceConfigDto)
  stream_governance_config?: StreamGovernanceConfigDto;
}
