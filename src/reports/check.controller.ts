import { Body, Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { AnonymousWhenPublicCheck, Roles } from '../auth/auth.decorators';
import { scoreReport } from '../scoring/engine';
import { ScoringService } from '../scoring/scoring.service';
import { CheckReportDto } from './dto/check-report.dto';
import { overridesFrom, reportInputFrom } from './report-input';
import { ReportsService } from './reports.service';

/** An agency's self-check of a draft: scored at once, nothing stored (drafts are sensitive); no key needed while PUBLIC_CHECK. */
@ApiTags('check')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
@AnonymousWhenPublicCheck()
@Controller('check')
export class CheckController {
  constructor(
    private readonly reports: ReportsService,
    private readonly scoring: ScoringService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiConsumes('multipart/form-data', 'application/json')
  @UseInterceptors(FileInterceptor('file'))
  async check(@UploadedFile() file: Express.Multer.File | undefined, @Body() body: CheckReportDto) {
    const rubric = this.scoring.resolveRubric(body.rubric);
    const intake = await this.reports.extract(reportInputFrom(file, body), overridesFrom(body));
    const card = scoreReport(intake.prepared, rubric, body.profile);
    return body.includeText ? { ...card, text: intake.prepared.original } : card;
  }
}
