import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG } from '../config/app-options';
import type { AppConfig } from '../config/app-config';
import type { Role } from './api-key.entity';
import { bearerKey } from './api-key-hash';
import { IS_PUBLIC, PUBLIC_CHECK, ROLES_KEY } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from './principal';

/** Every route needs a key unless marked @Public; roles are checked from @Roles on the handler or controller. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers?.authorization;
    // an anonymous self-check has no principal; a caller who sends any key is checked as usual
    if (header === undefined && this.config.publicCheck && this.reflector.getAllAndOverride<boolean>(PUBLIC_CHECK, targets)) return true;
    const key = bearerKey(header);
    if (!key) throw new UnauthorizedException('missing API key: send Authorization: Bearer <key>');

    const principal: Principal | null = await this.keys.authenticate(key, this.config.adminApiKey);
    if (!principal) throw new UnauthorizedException('unknown or revoked API key');
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || !roles.includes(principal.role)) {
      throw new ForbiddenException(`role ${principal.role} may not do this`);
    }
    return true;
  }
}
