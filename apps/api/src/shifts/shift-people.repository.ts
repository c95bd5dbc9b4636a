import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';
import type { Person } from './shift-people.js';

@Injectable()
export class ShiftPeopleRepository {
  /** Everyone who can be on a shift, by handle (never a real name); deleted accounts are no one. */
  list(db: Db): Promise<Person[]> {
    return db.query<Person>(`SELECT id AS "userId", username AS name, role FROM users WHERE deleted_at IS NULL ORDER BY role, username`);
  }
}
