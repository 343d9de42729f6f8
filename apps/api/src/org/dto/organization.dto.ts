import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, Matches } from 'class-validator';
import { IsOptionalNotNull } from '../../common/optional-not-null';

export const ORG_DISPLAY_NAME = /^[^<>#%'*^`{|}~"]{1,31}$/;

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ example: 'Finance Org', pattern: ORG_DISPLAY_NAME.source })
  @IsOptionalNotNull()
  @Matches(ORG_DISPLAY_NAME, { message: 'must be 1–31 characters, none of <>#%\'*^`{|}~"' })
  display_name?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  jit_enabled?: boolean;
}
