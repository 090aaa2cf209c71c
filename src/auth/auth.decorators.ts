import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from './api-key.entity';
import type { Principal } from './principal';

export const IS_PUBLIC = 'auth:isPublic';
export const ROLES_KEY = 'auth:roles';
export const PUBLIC_CHECK = 'auth:publicCheck';
export const SKIP_RATE_LIMIT = 'auth:skipRateLimit';

/** Not counted against any budget (the health check load balancers poll). */
export const SkipRateLimit = () => SetMetadata(SKIP_RATE_LIMIT, true);

/** No key needed (health and docs only). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * No key needed while PUBLIC_CHECK is true (the self-check page at `/`, for drafts that are not stored);
 * a key that is sent is still checked, and callers without one are rate-limited per address.
 */
export const AnonymousWhenPublicCheck = () => SetMetadata(PUBLIC_CHECK, true);

/** Roles allowed on a route or controller; every route must say (the access-matrix test checks it). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest().principal;
});
