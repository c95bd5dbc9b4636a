import { createHash, randomBytes } from 'node:crypto';
import type { CalendarFeed } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import ical, { ICalAlarmType, ICalEventRepeatingFreq } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { CalendarFeedsRepository } from './calendar-feeds.repository.js';
import { REMINDER_MINUTES } from './shift-duty.repository.js';

/** What a calendar shows: nothing about the role, the zone or the network's work. */
export const FEED_TITLE = 'Centinela shift';

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** The VTIMEZONE of an IANA zone (with its DST rules), so calendars place weekly shifts right across DST. */
const vtimezone = (zone: string): string | null => {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && block[0] ? block[0] : null;
};

/**
 * A calendar feed per person (RFC 5545, made with ical-generator): each of their shifts as a weekly recurring event
 * in the network's time zone with an alarm before it, at a secret address. Only the token's SHA-256 is stored; making
 * a new one or revoking it makes the old address answer 404.
 */
@Injectable()
export class CalendarFeeds {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly feeds: CalendarFeedsRepository,
  ) {}

  exists(userId: string): Promise<boolean> {
    return this.feeds.exists(this.uow.db, userId);
  }

  /** A new secret address (shown once; the previous one stops working). */
  async regenerate(userId: string): Promise<CalendarFeed> {
    const token = randomBytes(32).toString('base64url');
    await this.feeds.save(this.uow.db, userId, hashOf(token));
    return { url: `/api/shifts/calendar/${token}.ics` };
  }

  async revoke(userId: string): Promise<void> {
    if (!(await this.feeds.revoke(this.uow.db, userId))) throw DomainError.notFound('calendar feed');
  }

  /** The feed behind a token; 404 for an unknown or revoked one. */
  async render(token: string): Promise<string> {
    const userId = /^[A-Za-z0-9_-]{43}$/.test(token) ? await this.feeds.userOf(this.uow.db, hashOf(token)) : null;
    if (!userId) throw DomainError.notFound('calendar feed');
    const timeZone = this.config.timeZone;
    const shifts = await this.feeds.shifts(this.uow.db, userId, new Date(this.clock.now()), timeZone);
    const calendar = ical({
      name: FEED_TITLE,
      prodId: { company: 'Centinela', product: 'shifts', language: 'EN' },
      timezone: { name: timeZone, generator: vtimezone },
      ttl: 3600,
    });
    for (const shift of shifts) {
      calendar.createEvent({
        id: `${shift.id}@centinela`,
        start: shift.start,
        end: shift.end,
        timezone: timeZone,
        summary: FEED_TITLE,
        repeating: { freq: ICalEventRepeatingFreq.WEEKLY },
        alarms: [{ type: ICalAlarmType.display, trigger: REMINDER_MINUTES * 60, description: FEED_TITLE }],
      });
    }
    return calendar.toString();
  }
}
