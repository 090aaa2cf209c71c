import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreatedApiKeyDto, toApiKeyDto, toCreatedApiKeyDto } from './dto/api-key.response.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import type { Principal } from './principal';
import { ApiErrors } from '../common/api-errors';
import { errorBody } from '../common/error-codes';

const KEY_ID = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(errorBody('VALIDATION_FAILED', '请求参数不符合要求：id 必须是 UUID')) });

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors(401, 403, 429)
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** The key is in this response only; it is stored hashed. */
  @Post()
  @ApiErrors(400)
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<CreatedApiKeyDto> {
    return toCreatedApiKeyDto(await this.keys.create(body, principal.keyId));
  }

  @Get()
  @ApiOkResponse({ type: [ApiKeyDto] })
  async list(): Promise<ApiKeyDto[]> {
    return (await this.keys.list()).map(toApiKeyDto);
  }

  @Delete(':id')
  @ApiErrors(400, 404)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'revoked (again: still revoked)' })
  async revoke(@Param('id', KEY_ID) id: string, @CurrentPrincipal() principal: Principal) {
    await this.keys.revoke(id, principal.keyId);
  }
}
