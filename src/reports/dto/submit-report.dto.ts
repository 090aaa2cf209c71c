import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { GOVERNMENT_LEVELS } from '../../intake/intake.types';
import { PROFILE_NAME_PATTERN, type ProfileName } from '../../rubric/rubric.types';

/** Multipart fields next to `file`, or a JSON body with `text`. Explicit metadata wins over detection. */
export class SubmitReportDto {
  @ApiPropertyOptional({ description: 'the report as plain text (instead of a multipart `file`)' })
  @IsOptional()
  @IsString()
  @MaxLength(5_000_000)
  text?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  issuer?: string;

  // a level of government lets the rubric pick the profile (its profiles' `levels`); any other value must be a
  // profile some loaded rubric declares (checked by the controller: 400 UNKNOWN_PROFILE)
  @ApiPropertyOptional({
    type: String,
    description: `the issuer's type when detection should not decide: a level of government (${GOVERNMENT_LEVELS.join(', ')}) or a profile the rubric declares`,
    example: 'township',
  })
  @IsOptional()
  @IsString()
  @Matches(PROFILE_NAME_PATTERN, { message: '单位类型应为政府层级（province、city、county、department、township）或评分细则中声明的类型' })
  level?: string;

  @ApiPropertyOptional({ description: 'the year reported on' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsDateString({ strict: true })
  publishedAt?: string;

  // any profile the rubric declares (checked against it by ScoringService.assertProfile: 400 UNKNOWN_PROFILE)
  @ApiPropertyOptional({ type: String, description: 'scoring profile, one the rubric declares (GET /rubrics lists them); from the issuer when not given', example: 'township' })
  @IsOptional()
  @IsString()
  @Matches(PROFILE_NAME_PATTERN, { message: '评分类型应为小写字母、数字和下划线组成的名称（评分细则中声明的类型）' })
  profile?: ProfileName;
}
