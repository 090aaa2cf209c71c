import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ROLES, type Role } from '../api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as Role[])
  role: Role;

  @ApiPropertyOptional({ description: 'organisation name (created when new); required for agency keys' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  org?: string;

  @ApiPropertyOptional({ description: 'the supervising organisation above `org` (reviewers see those under them)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  parentOrg?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}
