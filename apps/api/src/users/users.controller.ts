import { type AccountAccess, accountAccessSchema, type StaffAccount, staffAccountSchema } from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, ZodParam } from '../common/validation/zod-params.js';
import { UsersService } from './users.service.js';

const accountId = z.uuid('must be a user id or a responder id');

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('staff')
  @ApiOperation({ summary: "Dispatchers' and coordinators' accounts (usernames, roles, whether their access was ended)" })
  @Roles('coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(staffAccountSchema), 'output') })
  staff(): Promise<StaffAccount[]> {
    return this.users.staff();
  }

  /** A phone was lost or seized, or someone left: every session of the account ends now and sign-in is refused. */
  @Post(':id/revoke')
  @ApiOperation({ summary: "Ends a person's access: signs out every device of theirs at once and disables sign-in" })
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(accountAccessSchema, 'output') })
  @ApiNotFoundResponse({ description: 'No such account' })
  @ApiConflictResponse({ description: 'A coordinator cannot end their own access' })
  revoke(@ZodParam('id', accountId) id: string, @CurrentUser() user: AuthUser): Promise<AccountAccess> {
    return this.users.endAccess(id, user.id);
  }

  @Post(':id/enable')
  @ApiOperation({ summary: 'Lets a person whose access was ended sign in again' })
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(accountAccessSchema, 'output') })
  @ApiNotFoundResponse({ description: 'No such account' })
  enable(@ZodParam('id', accountId) id: string, @CurrentUser() user: AuthUser): Promise<AccountAccess> {
    return this.users.restoreAccess(id, user.id);
  }

  /** Someone left the network, or asked to be forgotten: everything about the person goes; the record keeps a blank. */
  @Delete(':id')
  @ApiOperation({
    summary: "Deletes an account: signs out every device, and deletes the person's profile, zones, shifts, contacts and push subscriptions",
  })
  @Roles('coordinator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (also when it already was)' })
  @ApiNotFoundResponse({ description: 'No such account' })
  @ApiConflictResponse({ description: 'A coordinator cannot delete their own account' })
  remove(@ZodParam('id', accountId) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.users.deleteAccount(id, user.id);
  }
}
