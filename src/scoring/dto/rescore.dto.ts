import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { PROFILE_NAME_PATTERN, type ProfileName } from '../../rubric/rubric.types';

export class RescoreDto {
  @ApiPropertyOptional({ description: 'rubric as `id` or `id@version`; the current rubric when omitted', example: 'outline-2021-2025@1.0.0' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+(@[0-9A-Za-z.+-]+)?$/, { message: 'rubric must look like id or id@version' })
  rubric?: string;

  // any profile the chosen rubric declares (ScoringService.assertProfile: 400 UNKNOWN_PROFILE naming them)
  @ApiPropertyOptional({ type: String, description: 'scoring profile, one the rubric declares (GET /rubrics lists them)', example: 'township' })
  @IsOptional()
  @IsString()
  @Matches(PROFILE_NAME_PATTERN, { message: '评分类型应为小写字母、数字和下划线组成的名称（评分细则中声明的类型）' })
  profile?: ProfileName;
}

export class CheckOptionsDto extends RescoreDto {}
