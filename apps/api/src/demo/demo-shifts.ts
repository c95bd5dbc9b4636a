import type { INestApplicationContext } from '@nestjs/common';
import { ShiftsService } from '../shifts/shifts.service.js';

export type DemoShiftPeople = { operators: string[]; zones: { id: string; responderUserIds: string[] }[] };

/**
 * A week of shifts for the demo network (network time): the hotline in four blocks a day, two operators in the evening
 * peak; evening responder shifts in the first zones. Some places stay open, so the gaps and sign-ups show.
 */
export async function seedDemoShifts(app: INestApplicationContext, people: DemoShiftPeople): Promise<void> {
  const shifts = app.get(ShiftsService);
  const [coordinator, dispatcher] = people.operators as [string, string];
  for (let day = 1; day <= 7; day++) {
    const blocks = [
      { start: '00:00', end: '06:00', minStaff: 1, who: day % 2 === 0 ? [coordinator] : [] },
      { start: '06:00', end: '12:00', minStaff: 1, who: [dispatcher] },
      { start: '12:00', end: '17:00', minStaff: 1, who: day <= 5 ? [coordinator] : [] },
      { start: '17:00', end: '00:00', minStaff: 2, who: day === 6 ? [] : [dispatcher] },
    ];
    for (const block of blocks) {
      const shift = await shifts.createTemplate({ weekday: day, start: block.start, end: block.end, role: 'operator', minStaff: block.minStaff });
      for (const userId of block.who) await shifts.assign(shift.id, userId);
    }
    for (const [z, zone] of people.zones.slice(0, 3).entries()) {
      const shift = await shifts.createTemplate({ weekday: day, start: '17:00', end: '21:00', role: 'responder', zoneId: zone.id, minStaff: 2 });
      const on = (day + z) % 3 === 0 ? zone.responderUserIds.slice(0, 1) : zone.responderUserIds.slice(0, 2);
      for (const userId of on) await shifts.assign(shift.id, userId);
    }
  }
}
