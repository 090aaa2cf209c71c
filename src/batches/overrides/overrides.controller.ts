import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { validationFailed } from '../../common/validation-errors';
import type { Principal } from '../../auth/principal';
import { CreateOverrideDto, CreateWaiverDto } from './dto/overrides.dto';
import { OverrideDto, toWaiverDto, WaiverDto } from './dto/overrides.response.dto';
import { OverridesService } from './overrides.service';
import { ApiErrors } from '../../common/api-errors';

@ApiTags('overrides')
@ApiBearerAuth()
@Controller('reports')
export class OverridesController {
  constructor(private readonly overrides: OverridesService) {}

  /**
   * A reviewer changes one item's status with a reason; the total follows. The body is validated after the
   * report is found visible, so a caller who may not see the report gets 404 whatever it sends.
   */
  @Post(':id/overrides')
  @ApiErrors(400, 401, 403, 404, 409, 429)
  @Roles('admin', 'reviewer')
  @ApiBody({ type: CreateOverrideDto })
  @ApiCreatedResponse({ type: OverrideDto })
  async create(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<OverrideDto> {
    await this.overrides.findReport(principal, id);
    const dto = plainToInstance(CreateOverrideDto, body ?? {});
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw validationFailed(errors);
    return this.overrides.create(principal, id, dto);
  }

  /** The audit trail of a report's overrides: who, when, before and after. */
  @Get(':id/overrides')
  @ApiErrors(401, 404, 429)
  @Roles('admin', 'reviewer', 'agency')
  @ApiOkResponse({ type: [OverrideDto] })
  list(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<OverrideDto[]> {
    return this.overrides.list(principal, id);
  }
}

@ApiTags('overrides')
@ApiBearerAuth()
@Roles('admin', 'reviewer')
@ApiErrors(401, 403, 429)
@Controller('waivers')
export class WaiversController {
  constructor(private readonly overrides: OverridesService) {}

  /** An item does not apply to an issuer (or an organisation) until the waiver expires. */
  @Post()
  @ApiErrors(400, 404)
  @ApiCreatedResponse({ type: WaiverDto })
  async create(@Body() body: CreateWaiverDto, @CurrentPrincipal() principal: Principal): Promise<WaiverDto> {
    return toWaiverDto(await this.overrides.createWaiver(principal, body));
  }

  @Get()
  @ApiOkResponse({ type: [WaiverDto] })
  async list(@CurrentPrincipal() principal: Principal): Promise<WaiverDto[]> {
    return (await this.overrides.listWaivers(principal)).map(toWaiverDto);
  }
}
