import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PROFILE_NAME_PATTERN, PROFILE_NAMES, type ProfileName } from '../../rubric/rubric.types';

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

  @ApiPropertyOptional({ enum: PROFILE_NAMES })
  @IsOptional()
  @IsIn(PROFILE_NAMES as ProfileName[])
  level?: ProfileName;

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
