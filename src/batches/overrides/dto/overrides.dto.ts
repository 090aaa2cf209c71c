import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { ItemStatus } from '../../../scoring/engine/score-card.types';

export const ITEM_STATUSES: ItemStatus[] = ['met', 'partial', 'missing', 'not_applicable'];
const ITEM_ID = /^[A-Za-z0-9.]{1,32}$/;

export class CreateOverrideDto {
  @ApiProperty({ example: '4.2', description: 'rubric item id' })
  @IsString()
  @Matches(ITEM_ID, { message: 'itemId must be a rubric item id such as E2 or 4.2' })
  itemId: string;

  @ApiProperty({ enum: ITEM_STATUSES })
  @IsIn(ITEM_STATUSES)
  status: ItemStatus;

  @ApiProperty({ description: 'why: kept in the audit trail and shown on the card' })
  @IsString()
  @Length(2, 2000)
  reason: string;
}

export class CreateWaiverDto {
  @ApiPropertyOptional({ description: 'the issuer (报告单位) as detected on its reports' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  issuer?: string;

  @ApiPropertyOptional({ description: 'organisation name; the caller’s own when omitted' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  org?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "waive for this report's organisation and issuer (the console's report page); org and issuer then default to the report's" })
  @IsOptional()
  @IsUUID(undefined, { message: 'reportId 必须是报告编号' })
  reportId?: string;

  @ApiProperty({ example: '3.1' })
  @IsString()
  @Matches(ITEM_ID, { message: 'itemId must be a rubric item id such as E2 or 4.2' })
  itemId: string;

  @ApiProperty()
  @IsString()
  @Length(2, 2000)
  reason: string;

  @ApiProperty({ description: 'ISO date or date-time; the waiver ends then' })
  @IsDateString()
  expiresAt: string;
}
