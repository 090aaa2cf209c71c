import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { APP_CONFIG } from '../config/app-options';
import type { AppConfig } from '../config/app-config';
import type { Role } from './api-key.entity';
import { bearerKey } from './api-key-hash';
import { IS_PUBLIC, PUBLIC_CHECK, ROLES_KEY, SKIP_RATE_LIMIT } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from './principal';
import { RateLimiter, TooManyRequestsException } from './rate-limiter';
import { errorBody } from '../common/error-codes';

const ROLE_NAMES: Record<Role, string> = { admin: '管理员', reviewer: '评估人员', agency: '报告单位' };

/**
 * Every route needs a key unless marked @Public; roles are checked from @Roles on the handler or controller.
 * Rate limits are applied here, after authentication: a valid key spends its own budget, everything else
 * (no key, an unknown key) spends its address's, and an address that keeps failing authentication is answered
 * 429 instead of 401 — while a valid key sent from the same address (one NAT for a whole bureau) is still
 * served on its own budget. Keying on the sent token let a fresh random key per request escape every limit.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly limiter = new RateLimiter();

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest();
    const response = context.switchToHttp().getResponse<Response>();
    const address = `ip:${request.ip ?? 'unknown'}`;
    const spend = (bucket: string, limit: number) => {
      if (this.limiter.hit(bucket, limit)) return;
      throw this.tooMany(response, 'RATE_LIMITED', bucket);
    };
    if (this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      spend(address, this.config.rateLimitPerMinute);
      return true;
    }

    const header: string | undefined = request.headers?.authorization;
    // an anonymous self-check has no principal; a caller who sends any key is checked as usual
    if (header === undefined && this.config.publicCheck && this.reflector.getAllAndOverride<boolean>(PUBLIC_CHECK, targets)) {
      spend(address, this.config.rateLimitPerMinute);
      return true;
    }
    const key = bearerKey(header);
    const principal: Principal | null = key ? await this.keys.authenticate(key, this.config.adminApiKey) : null;
    if (!principal) {
      const failures = `auth-failures:${address}`;
      if (!this.limiter.hit(failures, this.config.authFailuresPerMinute)) throw this.tooMany(response, 'TOO_MANY_AUTH_FAILURES', failures);
      spend(address, this.config.rateLimitPerMinute);
      throw new UnauthorizedException(errorBody('UNAUTHORIZED', key ? 'API 密钥无效或已吊销' : '缺少 API 密钥：请在请求头中发送 Authorization: Bearer <密钥>'));
    }
    spend(`key:${principal.keyId}`, this.config.rateLimitPerMinute);
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || !roles.includes(principal.role)) {
      throw new ForbiddenException(errorBody('FORBIDDEN', `${ROLE_NAMES[principal.role]}（${principal.role}）密钥无权进行此操作`));
    }
    return true;
  }

  private tooMany(response: Response, code: 'RATE_LIMITED' | 'TOO_MANY_AUTH_FAILURES', bucket: string): TooManyRequestsException {
    const retryAfter = this.limiter.retryAfterSeconds(bucket);
    response.setHeader('Retry-After', String(retryAfter));
    return new TooManyRequestsException(code, retryAfter);
  }
}
