import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { PaginationQueryDto } from '../common/pagination.dto';
import { BatchesService } from './batches.service';
import { CreateBatchDto, ExportQueryDto } from './dto/batch.dto';
import { DEFAULT_MAX_BATCH_FILES } from './upload';

type BatchUpload = { files?: Express.Multer.File[]; manifest?: Express.Multer.File[] };

/** Batches are the supervising bodies' tool: reviewers and admins, scoped to the organisations they see. */
@ApiTags('batches')
@ApiBearerAuth()
@Roles('admin', 'reviewer')
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  /** Multipart `files` (many, or one .zip with folders), optional `manifest` CSV and `name` → 201 {id}. */
  @Post()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileFieldsInterceptor([{ name: 'files', maxCount: DEFAULT_MAX_BATCH_FILES }, { name: 'manifest', maxCount: 1 }]))
  async create(@UploadedFiles() upload: BatchUpload | undefined, @Body() body: CreateBatchDto, @CurrentPrincipal() principal: Principal) {
    const files = (upload?.files ?? []).map((f) => ({ filename: f.originalname, bytes: f.buffer }));
    const batch = await this.batches.create(principal, files, upload?.manifest?.[0]?.buffer, body.name);
    return { id: batch.id };
  }

  @Get()
  list(@Query() query: PaginationQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.batches.list(principal, query.page, query.limit);
  }

  /** Progress from the database: {status, total, done, failed, startedAt, finishedAt, eta}. */
  @Get(':id')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return BatchesService.view(await this.batches.findVisible(principal, id));
  }

  /** Ranking, gap frequency, distribution, failed files, copy pairs and plan fulfilment. */
  @Get(':id/results')
  results(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.batches.results(principal, id);
  }

  @Get(':id/export')
  async export(@Param('id') id: string, @Query() query: ExportQueryDto, @CurrentPrincipal() principal: Principal, @Res() response: Response) {
    const file = await this.batches.export(principal, id, query.format);
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', file.disposition);
    response.send(file.body);
  }
}
