import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { SubmitReportDto } from './submit-report.dto';

export class CheckReportDto extends SubmitReportDto {
  @ApiPropertyOptional({ description: 'rubric as `id` or `id@version`; when omitted, the rubric whose period covers the report year, else the latest (the card\'s rubric.note says so)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+(@[0-9A-Za-z.+-]+)?$/, { message: 'rubric must look like id or id@version' })
  rubric?: string;

  @ApiPropertyOptional({ description: 'also return the extracted text the evidence offsets point into (the self-check page shows it)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeText?: boolean;
}
