import {
  type AcceptInvite,
  acceptInviteSchema,
  type CreateInvite,
  createInviteSchema,
  type Invite,
  type InvitePreview,
  invitePreviewSchema,
  inviteSchema,
} from '@centinela/contracts';
import { Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Public, Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { z } from 'zod';
import { jsonSchemaOf, ZodBody, ZodParam } from '../common/validation/zod-params.js';
import { InvitesService } from './invites.service.js';

/** An invite token as issued: 32 random bytes, base64url. */
const inviteToken = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'is not an invite link');

@ApiTags('invites')
@Controller('invites')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  /** A single-use link for a new responder, with the profile and zones prepared. The token is shown only here. */
  @Post()
  @Roles('coordinator')
  @ApiCreatedResponse({ schema: jsonSchemaOf(inviteSchema, 'output') })
  create(@ZodBody(createInviteSchema) body: CreateInvite, @CurrentUser() user: AuthUser): Promise<Invite> {
    return this.invites.create(body, user.id);
  }

  @Get(':token')
  @Public()
  @ApiOkResponse({ schema: jsonSchemaOf(invitePreviewSchema, 'output') })
  preview(@ZodParam('token', inviteToken) token: string): Promise<InvitePreview> {
    return this.invites.preview(token);
  }

  /** The responder chooses a username and password; then they sign in as usual. */
  @Post(':token/accept')
  @Public()
  @ApiCreatedResponse({ description: 'The account exists; sign in with it.' })
  accept(@ZodParam('token', inviteToken) token: string, @ZodBody(acceptInviteSchema) body: AcceptInvite): Promise<{ username: string }> {
    return this.invites.accept(token, body);
  }
}
