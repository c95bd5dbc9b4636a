import { type LoginRequest, type LoginResponse, loginRequestSchema, loginResponseSchema, type SessionUser, sessionUserSchema } from '@centinela/contracts';
import { Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { jsonSchemaOf, ZodBody } from '../common/validation/zod-params.js';
import { IdempotencyExempt } from '../idempotency/idempotency.interceptor.js';
import { AuthService } from './auth.service.js';
import { CurrentUser } from './current-user.decorator.js';
import { Public, Roles } from './roles.decorator.js';
import type { AuthUser } from './token.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Sign in. Failures slow down further attempts from the same device (see RateLimits); none locks the account. */
  @Post('login')
  @Public()
  @HttpCode(200)
  @IdempotencyExempt() // a fresh token each time; never a recorded one
  @ApiOkResponse({ schema: jsonSchemaOf(loginResponseSchema, 'output') })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins from this device just now' })
  login(@ZodBody(loginRequestSchema) body: LoginRequest, @Ip() clientAddress: string): Promise<LoginResponse> {
    return this.auth.login(body, clientAddress);
  }

  @Post('refresh')
  @IdempotencyExempt() // a fresh token each time
  @Roles('coordinator', 'dispatcher', 'responder')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(loginResponseSchema, 'output') })
  refresh(@CurrentUser() user: AuthUser): Promise<LoginResponse> {
    return this.auth.refresh(user);
  }

  /** Signs out this device: its push subscription is deleted. The client drops its token. */
  @Post('logout')
  @Roles('coordinator', 'dispatcher', 'responder')
  @HttpCode(204)
  @IdempotencyExempt() // changes nothing that a retry could duplicate
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }

  @Get('me')
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOkResponse({ schema: jsonSchemaOf(sessionUserSchema, 'output') })
  me(@CurrentUser() user: AuthUser): SessionUser {
    return { id: user.id, username: user.username, role: user.role, responderId: user.responderId };
  }
}
