import type { Role } from '@centinela/contracts';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';

export const ROLES_KEY = 'centinela:roles';
export const PUBLIC_KEY = 'centinela:public';

/** The roles allowed to call a route. Every route declares its roles or `@Public()`; the guard denies the rest. */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth());

/** A route anyone may call without signing in. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
