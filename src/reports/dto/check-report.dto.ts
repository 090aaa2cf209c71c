import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { SubmitReportDto } from './submit-report.dto';

export class CheckReportDto extends SubmitReportDto {
  @ApiPropertyOptional({ description: 'rubric as `id` or `id@version`; the current rubric when omitted' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+(@[0-9A-Za-z.+-]+)?$/, { message: 'rubric must look like id or id@version' })
  rubric?: string;
}
