import { AlertApprovalEntity, AlertEntity, AlertLogEntity, AlertSubscriberEntity, AlertTemplateEntity } from './alerts/alert.entities.js';
import { AlertImageEntity } from './alerts/alert-image.entity.js';
import { AlertDeliveryEntity, AlertDeliveryTallyEntity, AlertSendWindowEntity } from './alerts/delivery.entities.js';
import { ChannelInboundEntity, ChannelMessageEntity, ChannelOptOutEntity } from './channels/channels.entities.js';
import { DispatchEntity } from './dispatch/dispatch.entity.js';
import { ThreadEntity, ThreadMessageEntity } from './threads/thread.entities.js';
import { TelegramDraftEntity } from './telegram-reports/telegram-draft.entity.js';
import { DrillEntity } from './drills/drill.entity.js';
import { EvidenceExportEntity } from './evidence/evidence-export.entity.js';
import { IdempotencyKeyEntity } from './idempotency/idempotency-key.entity.js';
import { LoginThrottleEntity, RateLimitEntity } from './rate-limits/rate-limit.entities.js';
import { IncidentDigestEntity, LegacyPlaintextEntity } from './retention/retention.entities.js';
import { ClusterVersionEntity, LiveLocationEntity, ClusterAttachmentEntity } from './cluster/cluster.entities.js';
import { FollowUpEntity } from './incidents/follow-up.entity.js';
import { IncidentLogEntity } from './incidents/incident-log.entity.js';
import { IncidentEntity } from './incidents/incident.entity.js';
import { WitnessEntity } from './incidents/witness.entity.js';
import { MapMetaEntity } from './map/map-meta.entity.js';
import { MediaEntity } from './media/media.entity.js';
import { PingAnswerEntity } from './dispatch/ping-answer.entity.js';
import { PingEntity } from './dispatch/ping.entity.js';
import { PushSubscriptionEntity } from './push/push-subscription.entity.js';
import { InviteEntity } from './users/invite.entity.js';
import { ResponderEntity } from './responders/responder.entity.js';
import { SightingEntity } from './sightings/sighting.entity.js';
import { UserEntity } from './users/user.entity.js';
import { SessionEntity } from './sessions/session.entity.js';
import { ZoneResponderEntity } from './zones/zone-responder.entity.js';
import { ZoneEntity } from './zones/zone.entity.js';
import { IncidentFactEntity } from './metrics/incident-fact.entity.js';
import { ResponderFactEntity } from './metrics/responder-fact.entity.js';
import { IncidentReferralEntity } from './referrals/incident-referral.entity.js';
import { OrganizationEntity } from './referrals/organization.entity.js';
import { ReferralServiceEntity } from './referrals/referral-service.entity.js';
import { ServiceAreaEntity } from './referrals/service-area.entity.js';
import { HotlineBanEntity, HotlineCallEntity, HotlineCallLegEntity, HotlineOperatorEntity } from './hotline/hotline.entities.js';
import {
  OperatorMessageEntity,
  ShiftAssignmentEntity,
  ShiftCalendarFeedEntity,
  ShiftDutyFollowerEntity,
  ShiftDutyRunEntity,
  ShiftTemplateEntity,
} from './shifts/shift.entities.js';

/**
 * Every table, as TypeORM entities: the schema the migrations must produce exactly (a test checks).
 * Entities reference each other's tables by name (`@ForeignKey('UserEntity')`), so features stay decoupled.
 */
export const entities = [
  UserEntity,
  SessionEntity,
  ResponderEntity,
  InviteEntity,
  ZoneEntity,
  ZoneResponderEntity,
  IncidentEntity,
  SightingEntity,
  IncidentLogEntity,
  WitnessEntity,
  MediaEntity,
  FollowUpEntity,
  EvidenceExportEntity,
  DrillEntity,
  DispatchEntity,
  PingEntity,
  PingAnswerEntity,
  PushSubscriptionEntity,
  IdempotencyKeyEntity,
  RateLimitEntity,
  LoginThrottleEntity,
  LegacyPlaintextEntity,
  IncidentDigestEntity,
  ClusterVersionEntity,
  LiveLocationEntity,
  ClusterAttachmentEntity,
  MapMetaEntity,
  OrganizationEntity,
  ReferralServiceEntity,
  ServiceAreaEntity,
  IncidentReferralEntity,
  IncidentFactEntity,
  ResponderFactEntity,
  AlertSubscriberEntity,
  AlertEntity,
  AlertImageEntity,
  AlertApprovalEntity,
  AlertDeliveryEntity,
  AlertDeliveryTallyEntity,
  AlertTemplateEntity,
  AlertLogEntity,
  AlertSendWindowEntity,
  ChannelInboundEntity,
  ChannelMessageEntity,
  ChannelOptOutEntity,
  ThreadEntity,
  ThreadMessageEntity,
  HotlineOperatorEntity,
  HotlineCallEntity,
  HotlineCallLegEntity,
  HotlineBanEntity,
  ShiftTemplateEntity,
  ShiftAssignmentEntity,
  ShiftDutyFollowerEntity,
  ShiftDutyRunEntity,
  ShiftCalendarFeedEntity,
  OperatorMessageEntity,
  TelegramDraftEntity,
];
