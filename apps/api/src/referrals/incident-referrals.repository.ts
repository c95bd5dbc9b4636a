import type { IncidentReferral } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { KeyRing } from '../crypto/key-ring.js';
import { OPEN_RECORD, sealTexts } from '../crypto/sealing.js';
import { isoTimestamp, sealedText } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

const SELECT = `
  SELECT r.id, r.incident_id AS "incidentId", r.service_id AS "serviceId", r.organization_name AS "organizationName",
         r.service_name AS "serviceName", r.phone, ${sealedText('r.note')} AS note, r.follow_up_id AS "followUpId", u.username AS "referredBy",
         ${isoTimestamp('r.created_at')} AS "createdAt"
    FROM incident_referrals r LEFT JOIN users u ON u.id = r.referred_by`;

/** "Referred to X" entries of incidents' records. The dispatcher's note is sealed like the rest of the record. */
@Injectable()
export class IncidentReferralsRepository {
  constructor(private readonly keys: KeyRing) {}

  async insert(
    db: Db,
    r: {
      incidentId: string;
      serviceId: string;
      organizationName: string;
      serviceName: string;
      phone: string;
      note: string;
      followUpId: string;
      userId: string;
      now: Date;
    },
  ): Promise<IncidentReferral> {
    const note = sealTexts(this.keys, OPEN_RECORD, { note: r.note });
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO incident_referrals (incident_id, service_id, organization_name, service_name, phone, note, sealed_key, follow_up_id, referred_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [r.incidentId, r.serviceId, r.organizationName, r.serviceName, r.phone, note.sealed.note, note.keyId, r.followUpId, r.userId, r.now],
    );
    return (await db.query<IncidentReferral>(`${SELECT} WHERE r.id = $1`, [row!.id]))[0]!;
  }

  ofIncident(db: Db, incidentId: string): Promise<IncidentReferral[]> {
    return db.query(`${SELECT} WHERE r.incident_id = $1 ORDER BY r.created_at, r.id`, [incidentId]);
  }
}
