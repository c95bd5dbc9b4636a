import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DispatchModule } from '../dispatch/dispatch.module.js';
import { RespondersModule } from '../responders/responders.module.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeListener } from './realtime.listener.js';

/** socket.io: authenticated connections, rooms, and the mapping from domain events to messages. */
@Module({
  imports: [AuthModule, DispatchModule, RespondersModule],
  providers: [RealtimeGateway, RealtimeListener],
})
export class RealtimeModule {}
