import type { ShiftPreferences, UpdateShiftPreferences } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { CalendarFeeds } from './calendar-feeds.js';
import { ShiftDuty } from './shift-duty.js';
import { ShiftPeopleRepository } from './shift-people.repository.js';

export type Person = { userId: string; name: string; role: string };

/** The people side of shifts: who can be put on one, and each person's settings. */
@Injectable()
export class ShiftPeople {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly people: ShiftPeopleRepository,
    private readonly duty: ShiftDuty,
    private readonly feeds: CalendarFeeds,
  ) {}

  list(): Promise<Person[]> {
    return this.people.list(this.uow.db);
  }

  async preferences(user: AuthUser): Promise<ShiftPreferences> {
    const [dutyFollowsShifts, calendarFeed] = await Promise.all([this.duty.follows(user), this.feeds.exists(user.id)]);
    return { dutyFollowsShifts, calendarFeed };
  }

  async setPreferences(user: AuthUser, body: UpdateShiftPreferences): Promise<ShiftPreferences> {
    await this.duty.setFollowing(user, body.dutyFollowsShifts);
    return this.preferences(user);
  }
}
