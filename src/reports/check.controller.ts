import { Body, Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnonymousWhenPublicCheck, Roles } from '../auth/auth.decorators';
import { CheckResultDto, ScoreCardDto, toScoreCardDto } from '../scoring/dto/score-card.dto';
import { RubricRegistry } from '../rubric/rubric-loader';
import { assertLevel, assertProfile, requestedRubric } from '../rubrics/requested-rubric';
import { CheckReportDto } from './dto/check-report.dto';
import { overridesFrom, reportInputFrom } from './report-input';
import { ReportsService } from './reports.service';
import { ApiErrors } from '../common/api-errors';
import { ProfileNotDeclaredError } from '../intake-pool/intake-pool';

/** An agency's self-check of a draft: scored at once, nothing stored (drafts are sensitive); no key needed while PUBLIC_CHECK. */
@ApiTags('check')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
@AnonymousWhenPublicCheck()
// the card on its own, for clients that keep cards (the console's history)
@ApiExtraModels(ScoreCardDto)
@ApiErrors(401, 429)
@Controller('check')
export class CheckController {
  constructor(
    private readonly reports: ReportsService,
    private readonly rubrics: RubricRegistry,
  ) {}

  @Post()
  @ApiErrors(400, 413, 415, 422)
  @HttpCode(200)
  @ApiConsumes('multipart/form-data', 'application/json')
  @UseInterceptors(FileInterceptor('file'))
  @ApiOkResponse({ type: CheckResultDto, description: 'the score card of the draft' })
  async check(@UploadedFile() file: Express.Multer.File | undefined, @Body() body: CheckReportDto): Promise<CheckResultDto> {
    // a named rubric must be loaded and declare the profile; without one the report's year chooses it after intake
    const named = body.rubric ? requestedRubric(this.rubrics, body.rubric) : undefined;
    assertProfile(this.rubrics, body.profile, named);
    assertLevel(this.rubrics, body.level);
    const { intake, card: engineCard } = await this.reports.check(reportInputFrom(file, body), overridesFrom(body), body.rubric, body.profile).catch((error: unknown) => {
      if (error instanceof ProfileNotDeclaredError) assertProfile(this.rubrics, body.profile, error.rubric);
      throw error;
    });
    const card = toScoreCardDto(engineCard);
    return body.includeText ? { ...card, text: intake.prepared.original } : card;
  }
}
