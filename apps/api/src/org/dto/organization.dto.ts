import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';

export const ORG_DISPLAY_NAME = /^[^<>#%'*^`{|}~"]{1,31}$/;

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ example: 'Finance Org', pattern: ORG_DISPLAY_NAME.source })
  @IsOptional()
  @Matches(ORG_DISPLAY_NAME, { message: 'must be 1–31 characters, none of <>#%\'*^`{|}~"' })
  display_name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  jit_enabled?: boolean;
}
