import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class CreateRoleBindingDto {
  @ApiProperty({ example: 'User:sa-111aaa', pattern: '^User:.+$' })
  @IsString()
  @Matches(/^User:sa-[a-z0-9]+$/, { message: 'must be User:<service account id>' })
  principal!: string;

  @ApiProperty({ example: 'CloudClusterAdmin' })
  @IsString()
  @MaxLength(64)
  role_name!: string;

  @ApiProperty({ example: 'crn://confluent.cloud/organization=…/environment=env-aaa111/cloud-cluster=lkc-111aaa' })
  @IsString()
  @MaxLength(512)
  crn_pattern!: string;
}
