import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreatedApiKeyDto, toApiKeyDto, toCreatedApiKeyDto } from './dto/api-key.response.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import type { Principal } from './principal';

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** The key is in this response only; it is stored hashed. */
  @Post()
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
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'revoked (again: still revoked)' })
  async revoke(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    await this.keys.revoke(id, principal.keyId);
  }
}
