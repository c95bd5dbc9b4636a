import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

@Injectable()
export class RetentionRepository {
  /** Whether any row of `table` still names the key in `column` (table and column come from code, never input). */
  async referenced(db: Db, table: string, column: string, keyId: string): Promise<boolean> {
    if (!IDENTIFIER.test(table) || !IDENTIFIER.test(column)) throw new Error(`not an identifier: ${table}.${column}`);
    const rows = await db.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${column} = $1) AS found`, [keyId]);
    return rows[0]?.found ?? false;
  }
}
