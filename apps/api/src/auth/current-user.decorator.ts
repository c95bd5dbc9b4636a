import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './auth.guard.js';
import type { AuthUser } from './token.service.js';

/** The signed-in user of a route guarded by `@Roles(...)`. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a route without @Roles');
  return user;
});

/** The responder profile id of the signed-in responder. */
export const CurrentResponderId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user?.responderId) throw new Error('CurrentResponderId used on a route not limited to responders');
  return user.responderId;
});
