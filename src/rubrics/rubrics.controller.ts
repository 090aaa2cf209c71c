import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnonymousWhenPublicCheck, Roles } from '../auth/auth.decorators';
import { RubricNotFoundError, RubricRegistry } from '../rubric/rubric-loader';
import { summariseRubric } from '../rubric/rubric-summary';
import { RubricDto, RubricListEntryDto, toRubricDto, toRubricListEntryDto } from './dto/rubric.response.dto';
import { RubricVersionQueryDto } from './dto/rubric-version-query.dto';
import { ApiErrors } from '../common/api-errors';

@ApiTags('rubrics')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
// the rubric is public data (it restates the outline); the self-check page reads its grades and terms
@AnonymousWhenPublicCheck()
@ApiErrors(401, 429)
@Controller('rubrics')
export class RubricController {
  constructor(private readonly registry: RubricRegistry) {}

  @Get()
  @ApiOkResponse({ type: [RubricListEntryDto] })
  list(): RubricListEntryDto[] {
    return this.registry.list().map(toRubricListEntryDto);
  }

  @Get(':id')
  @ApiErrors(400, 404)
  @ApiOkResponse({ type: RubricDto })
  show(@Param('id') id: string, @Query() query: RubricVersionQueryDto): RubricDto {
    const version = query.version;
    try {
      return toRubricDto(summariseRubric(this.registry.get(id, version)));
    } catch (error) {
      // only an unknown id or version is the client's 404; a fault in the registry or the summary stays a 500
      if (!(error instanceof RubricNotFoundError)) throw error;
      throw new NotFoundException({ error: 'RUBRIC_NOT_FOUND', message: `未找到评估细则 ${version ? `${id}@${version}` : id}` });
    }
  }
}
