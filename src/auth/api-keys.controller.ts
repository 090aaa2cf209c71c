import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
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
  create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal) {
    return this.keys.create(body, principal.keyId);
  }

  @Get()
  list() {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    await this.keys.revoke(id, principal.keyId);
  }
}
