import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PROFILE_NAMES, type ProfileName } from '../../rubric/rubric.types';

export class RescoreDto {
  @ApiPropertyOptional({ description: 'rubric as `id` or `id@version`; the current rubric when omitted', example: 'outline-2021-2025@1.0.0' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+(@[0-9A-Za-z.+-]+)?$/, { message: 'rubric must look like id or id@version' })
  rubric?: string;

  @ApiPropertyOptional({ enum: PROFILE_NAMES })
  @IsOptional()
  @IsIn(PROFILE_NAMES as ProfileName[])
  profile?: ProfileName;
}

export class CheckOptionsDto extends RescoreDto {}
