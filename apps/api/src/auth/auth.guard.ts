import type { Role } from '@centinela/contracts';
import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';
import { type AuthUser, TokenService } from './token.service.js';

export type AuthenticatedRequest = FastifyRequest & { user?: AuthUser };

/** Global guard: a route is public, or needs a valid bearer token of one of its roles. Undeclared routes are denied. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const user = await this.tokens.verify(token);
    request.user = user;

    if (!allowed) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no roles; denied`);
      throw new DomainError('forbidden', 'this route is not open to any role');
    }
    if (!allowed.includes(user.role)) {
      throw new DomainError('forbidden', `only ${allowed.join(' or ')} accounts may do this`).because('role.notAllowed');
    }
    return true;
  }
}
