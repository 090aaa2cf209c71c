import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '../batch-export';

/** Multipart fields next to `files` (and the optional `manifest` CSV file). */
export class CreateBatchDto {
  @ApiPropertyOptional({ description: 'a name for the batch, e.g. 2024年度区直部门报告' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'xlsx';
}
