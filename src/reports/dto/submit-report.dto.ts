import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { PROFILE_NAMES, type ProfileName } from '../../rubric/rubric.types';

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

  @ApiPropertyOptional({ enum: PROFILE_NAMES, description: 'scoring profile; from the issuer when not given' })
  @IsOptional()
  @IsIn(PROFILE_NAMES as ProfileName[])
  profile?: ProfileName;
}
