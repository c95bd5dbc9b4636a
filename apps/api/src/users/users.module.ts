import { Module } from '@nestjs/common';
import { RespondersModule } from '../responders/responders.module.js';
import { AccountErasureModule } from '../retention/account-erasure.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { InvitesController } from './invites.controller.js';
import { InvitesRepository } from './invites.repository.js';
import { InvitesService } from './invites.service.js';
import { UsersRepository } from './users.repository.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Accounts and their credentials; invites that let responders create their own. */
@Module({
  imports: [RespondersModule, ZonesModule, SessionsModule, AccountErasureModule],
  controllers: [InvitesController, UsersController],
  providers: [UsersRepository, UsersService, InvitesRepository, InvitesService],
  exports: [UsersService],
})
export class UsersModule {}
