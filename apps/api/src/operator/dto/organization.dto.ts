import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ORG_DISPLAY_NAME } from '../../org/dto/organization.dto';

export class CreateTenantOrganizationDto {
  @ApiProperty({ example: 'Acme', pattern: ORG_DISPLAY_NAME.source })
  @Matches(ORG_DISPLAY_NAME, { message: 'must be 1–31 characters, none of <>#%\'*^`{|}~"' })
  display_name!: string;
}
