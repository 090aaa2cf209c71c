import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { PaginationQueryDto } from '../common/pagination.dto';
import { BatchesService } from './batches.service';
import { CONTENT_TYPES } from './batch-export';
import { CreateBatchDto, ExportQueryDto } from './dto/batch.dto';
import { BatchCreatedDto, BatchPageDto, BatchProgressDto, BatchResultsDto, ExportRowDto, toBatchDto, toBatchProgressDto, toBatchResultsDto } from './dto/batch.response.dto';
import { DEFAULT_MAX_BATCH_FILES } from './upload';
import { ApiErrors } from '../common/api-errors';

/** xlsx and csv are files (binary); json is an array of export rows. */
const exportContent = () =>
  Object.fromEntries(Object.entries(CONTENT_TYPES).map(([format, type]) => [type, { schema: format === 'json' ? { type: 'array', items: { $ref: getSchemaPath(ExportRowDto) } } : { type: 'string', format: 'binary' } }]));

type BatchUpload = { files?: Express.Multer.File[]; manifest?: Express.Multer.File[] };

/** Batches are the supervising bodies' tool: reviewers and admins, scoped to the organisations they see. */
@ApiTags('batches')
@ApiBearerAuth()
@ApiExtraModels(ExportRowDto)
@Roles('admin', 'reviewer')
@ApiErrors(401, 403, 429)
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  /** Multipart `files` (many, or one .zip with folders), optional `manifest` CSV and `name` → 201 {id}. */
  @Post()
  @ApiErrors(400, 413)
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileFieldsInterceptor([{ name: 'files', maxCount: DEFAULT_MAX_BATCH_FILES }, { name: 'manifest', maxCount: 1 }]))
  @ApiCreatedResponse({ type: BatchCreatedDto })
  async create(@UploadedFiles() upload: BatchUpload | undefined, @Body() body: CreateBatchDto, @CurrentPrincipal() principal: Principal): Promise<BatchCreatedDto> {
    const files = (upload?.files ?? []).map((f) => ({ filename: f.originalname, bytes: f.buffer }));
    const batch = await this.batches.create(principal, files, upload?.manifest?.[0]?.buffer, body.name);
    return { id: batch.id };
  }

  @Get()
  @ApiErrors(400)
  @ApiOkResponse({ type: BatchPageDto })
  async list(@Query() query: PaginationQueryDto, @CurrentPrincipal() principal: Principal): Promise<BatchPageDto> {
    const page = await this.batches.list(principal, query.page, query.limit);
    return { items: page.items.map((batch) => toBatchDto(batch)), total: page.total, page: page.page, limit: page.limit };
  }

  /** Progress from the database: {status, total, done, failed, startedAt, finishedAt, eta, recognising}. */
  @Get(':id')
  @ApiErrors(404)
  @ApiOkResponse({ type: BatchProgressDto })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<BatchProgressDto> {
    const batch = await this.batches.findVisible(principal, id);
    return toBatchProgressDto(batch, await this.batches.recognising(batch));
  }

  /** Ranking, gap frequency, distribution, failed files, copy pairs and plan fulfilment. */
  @Get(':id/results')
  @ApiErrors(404, 409)
  @ApiOkResponse({ type: BatchResultsDto })
  async results(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<BatchResultsDto> {
    return toBatchResultsDto(await this.batches.results(principal, id));
  }

  /** One row per report (the columns of issue 6) as an Excel workbook, CSV or JSON file. */
  @Get(':id/export')
  @ApiErrors(400, 404, 409)
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiOkResponse({ description: 'the export file, named after the batch (Content-Disposition)', content: exportContent() })
  async export(@Param('id') id: string, @Query() query: ExportQueryDto, @CurrentPrincipal() principal: Principal, @Res() response: Response) {
    const file = await this.batches.export(principal, id, query.format);
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', file.disposition);
    response.send(file.body);
  }
}
