import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ReportCopiesDto } from './dto/report-copies.dto';
import { ReportCopiesService } from './report-copies.service';
import { ApiErrors } from '../common/api-errors';

/** GET /reports/:id/copies lives with copy detection; whoever may see the report may ask (agencies their own). */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
@Controller('reports')
export class ReportCopiesController {
  constructor(private readonly copies: ReportCopiesService) {}

  /** Passages of this report found in the organisation's other reports, most copied first. */
  @Get(':id/copies')
  @ApiErrors(401, 404, 429)
  @ApiOkResponse({ type: ReportCopiesDto })
  @ApiNotFoundResponse({ description: 'the report does not exist or is not visible' })
  list(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<ReportCopiesDto> {
    return this.copies.copies(principal, id);
  }
}
