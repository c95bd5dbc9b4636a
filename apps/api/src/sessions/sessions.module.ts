import { Module } from '@nestjs/common';
import { SessionsRetention } from './sessions-retention.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

/** Server-side sessions: the rows tokens are checked against, and their retention. */
@Module({ providers: [SessionsRepository, SessionsService, SessionsRetention], exports: [SessionsService] })
export class SessionsModule {}
