import { type LoginRequest, type LoginResponse, loginRequestSchema, loginResponseSchema, type SessionUser, sessionUserSchema } from '@centinela/contracts';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { jsonSchemaOf, ZodBody } from '../common/validation/zod-params.js';
import { AuthService } from './auth.service.js';
import { CurrentUser } from './current-user.decorator.js';
import { Public, Roles } from './roles.decorator.js';
import type { AuthUser } from './token.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(loginResponseSchema, 'output') })
  login(@ZodBody(loginRequestSchema) body: LoginRequest): Promise<LoginResponse> {
    return this.auth.login(body);
  }

  @Post('refresh')
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
