import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnonymousWhenPublicCheck, Roles } from '../auth/auth.decorators';
import { RubricNotFoundError, RubricRegistry } from '../rubric/rubric-loader';
import { summariseRubric } from '../rubric/rubric-summary';
import { RubricVersionQueryDto } from './rubric-version-query.dto';

@ApiTags('rubrics')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
// the rubric is public data (it restates the outline); the self-check page reads its grades and terms
@AnonymousWhenPublicCheck()
@Controller('rubrics')
export class RubricController {
  constructor(private readonly registry: RubricRegistry) {}

  @Get()
  list() {
    return this.registry.list().map((rubric) => ({ id: rubric.id, version: rubric.version, title: rubric.title, itemCount: rubric.items.length }));
  }

  @Get(':id')
  show(@Param('id') id: string, @Query() query: RubricVersionQueryDto) {
    const version = query.version;
    try {
      return summariseRubric(this.registry.get(id, version));
    } catch (error) {
      // only an unknown id or version is the client's 404; a fault in the registry or the summary stays a 500
      if (!(error instanceof RubricNotFoundError)) throw error;
      throw new NotFoundException({ error: 'rubric_not_found', message: `未找到评估细则 ${version ? `${id}@${version}` : id}` });
    }
  }
}
