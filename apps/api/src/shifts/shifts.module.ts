import { Module } from '@nestjs/common';
import { PushModule } from '../push/push.module.js';
import { RespondersModule } from '../responders/responders.module.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarFeeds } from './calendar-feeds.js';
import { CalendarFeedsRepository } from './calendar-feeds.repository.js';
import { OperatorThread } from './operator-thread.js';
import { OperatorThreadController } from './operator-thread.controller.js';
import { OperatorThreadRepository } from './operator-thread.repository.js';
import { ShiftDuty } from './shift-duty.js';
import { ShiftDutyRepository } from './shift-duty.repository.js';
import { ShiftPeople } from './shift-people.js';
import { ShiftPeopleRepository } from './shift-people.repository.js';
import { ShiftsController } from './shifts.controller.js';
import { ShiftsRepository } from './shifts.repository.js';
import { ShiftsService } from './shifts.service.js';

/**
 * The shift schedule: weekly shifts, sign-ups and swaps, gaps, who is on shift now (ShiftsService.onShift, which
 * call routing asks), duty following shifts, calendar feeds, and the operators' thread.
 */
@Module({
  imports: [RespondersModule, PushModule],
  controllers: [ShiftsController, CalendarController, OperatorThreadController],
  providers: [
    ShiftsRepository,
    ShiftsService,
    ShiftDutyRepository,
    ShiftDuty,
    ShiftPeopleRepository,
    ShiftPeople,
    CalendarFeedsRepository,
    CalendarFeeds,
    OperatorThreadRepository,
    OperatorThread,
  ],
  exports: [ShiftsService],
})
export class ShiftsModule {}
