import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

export class RubricVersionQueryDto {
  @ApiPropertyOptional({ example: '1.0.0', description: 'a version of the rubric; the newest without it' })
  @IsOptional()
  @IsString({ message: 'version 必须是一个版本号' })
  @Matches(/^\d{1,4}(\.\d{1,4}){0,2}$/, { message: 'version 必须形如 1.0.0' })
  version?: string;
}
