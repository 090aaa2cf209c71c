import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from './api-key.entity';
import type { Principal } from './principal';

export const IS_PUBLIC = 'auth:isPublic';
export const ROLES_KEY = 'auth:roles';

/** No key needed (health and docs only). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Roles allowed on a route or controller; every route must say (the access-matrix test checks it). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest().principal;
});
