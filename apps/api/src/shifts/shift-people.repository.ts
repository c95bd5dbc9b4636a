import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';
import type { Person } from './shift-people.js';

@Injectable()
export class ShiftPeopleRepository {
  /** Everyone who can be on a shift, by handle (never a real name). */
  list(db: Db): Promise<Person[]> {
    return db.query<Person>(`SELECT id AS "userId", username AS name, role FROM users ORDER BY role, username`);
  }
}
