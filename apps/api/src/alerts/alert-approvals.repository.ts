import type { AlertApprovalRequest, AlertEstimate } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { KeyRing } from '../crypto/key-ring.js';
import { sealTexts } from '../crypto/sealing.js';
import { isoTimestamp, sealedText } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

const approvalColumns = `p.id, p.hash, p.estimate, json_build_object('userId', p.requested_by, 'username', p.requested_by_name) AS "requestedBy",
  ${isoTimestamp('p.requested_at')} AS "requestedAt", ${isoTimestamp('p.expires_at')} AS "expiresAt", p.status,
  CASE WHEN p.decided_by_name IS NULL THEN NULL ELSE json_build_object('userId', p.decided_by, 'username', p.decided_by_name) END AS "decidedBy",
  CASE WHEN p.decided_at IS NULL THEN NULL ELSE ${isoTimestamp('p.decided_at')} END AS "decidedAt", ${sealedText('p.reason')} AS reason`;

/** Key purpose of the reasons given for sending an alert back (see AlertsRetention). */
export const ALERT_REASON = 'alert-reason';

/** An alert's approval requests: who asked, what they saw (hash, estimate), and the decision with its sealed reason. */
@Injectable()
export class AlertApprovalsRepository {
  constructor(private readonly keys: KeyRing) {}

  async insertApproval(
    db: Db,
    a: { alertId: string; hash: string; estimate: AlertEstimate; userId: string; username: string; now: Date; expiresAt: Date },
  ): Promise<void> {
    await db.query(
      `INSERT INTO alert_approvals (alert_id, hash, estimate, requested_by, requested_by_name, requested_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [a.alertId, a.hash, JSON.stringify(a.estimate), a.userId, a.username, a.now, a.expiresAt],
    );
  }

  /** The latest approval request of each alert. */
  async latestApprovals(db: Db, alertIds: readonly string[]): Promise<Map<string, AlertApprovalRequest & { requestedById: string | null }>> {
    const rows = await db.query<AlertApprovalRequest & { alertId: string; requestedById: string | null }>(
      `SELECT DISTINCT ON (p.alert_id) p.alert_id AS "alertId", p.requested_by AS "requestedById", ${approvalColumns}
         FROM alert_approvals p WHERE p.alert_id = ANY($1::uuid[])
        ORDER BY p.alert_id, p.requested_at DESC, p.status = 'pending' DESC, p.decided_at DESC NULLS FIRST`,
      [alertIds],
    );
    return new Map(rows.map(({ alertId, ...approval }) => [alertId, approval]));
  }

  /** Ends pending requests of an alert (void on edit, expired, rejected, approved). */
  async decide(
    db: Db,
    alertId: string,
    status: 'approved' | 'rejected' | 'expired' | 'void',
    by: { userId: string; username: string } | null,
    reason: string,
    now: Date,
  ): Promise<void> {
    const { sealed, keyId } = sealTexts(this.keys, ALERT_REASON, { reason }, now.getTime());
    await db.query(
      `UPDATE alert_approvals SET status = $2, decided_by = $3, decided_by_name = $4, decided_at = $5, reason = $6, sealed_key = $7
        WHERE alert_id = $1 AND status = 'pending'`,
      [alertId, status, by?.userId ?? null, by?.username ?? null, now, sealed.reason, keyId],
    );
  }

  /** Blanks the reasons of decisions taken before `before`, so their keys can be destroyed; returns how many. */
  async forgetReasons(db: Db, before: Date): Promise<number> {
    const rows = await db.query<{ id: string }>(
      'UPDATE alert_approvals SET reason = NULL, sealed_key = NULL WHERE sealed_key IS NOT NULL AND decided_at < $1 RETURNING id',
      [before],
    );
    return rows.length;
  }

  /** Reasons stored in clear by a version before sealing (the SealedAlertReasons migration), oldest first. */
  legacyReasons(db: Db, limit: number): Promise<{ rowId: string; value: string }[]> {
    return db.query(`SELECT row_id AS "rowId", value FROM legacy_plaintext WHERE table_name = 'alert_approvals' AND column_name = 'reason' LIMIT $1`, [limit]);
  }

  /** Seals one legacy reason into place. */
  async placeLegacyReason(db: Db, approvalId: string, value: string): Promise<void> {
    const { sealed, keyId } = sealTexts(this.keys, ALERT_REASON, { reason: value });
    await db.query('UPDATE alert_approvals SET reason = $2, sealed_key = $3 WHERE id = $1', [approvalId, sealed.reason, keyId]);
    await db.query(`DELETE FROM legacy_plaintext WHERE table_name = 'alert_approvals' AND column_name = 'reason' AND row_id = $1`, [approvalId]);
  }
}
