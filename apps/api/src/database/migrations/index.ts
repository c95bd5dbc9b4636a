import { Init1763780000000 } from './1763780000000-Init.js';
import { DispatchWaves1763900000000 } from './1763900000000-DispatchWaves.js';
import { Incidents1764000000000 } from './1764000000000-Incidents.js';
import { IdempotencyKeys1765000000000 } from './1765000000000-IdempotencyKeys.js';
import { RateLimits1765000100000 } from './1765000100000-RateLimits.js';
import { SealedRecords1765000200000 } from './1765000200000-SealedRecords.js';
import { Cluster1765000300000 } from './1765000300000-Cluster.js';
import { MapTopic1765000400000 } from './1765000400000-MapTopic.js';
import { MapData1765100000000 } from './1765100000000-MapData.js';
import { Referrals1765300000000 } from './1765300000000-Referrals.js';
import { Alerts1765500000000 } from './1765500000000-Alerts.js';
import { Metrics1765310000000 } from './1765310000000-Metrics.js';
import { Channels1765400000000 } from './1765400000000-Channels.js';
import { Threads1765400100000 } from './1765400100000-Threads.js';
import { TelegramDrafts1765400200000 } from './1765400200000-TelegramDrafts.js';
import { Hotline1765410000000 } from './1765410000000-Hotline.js';
import { Shifts1765420000000 } from './1765420000000-Shifts.js';
import { Drills1765510000000 } from './1765510000000-Drills.js';
import { AlertDeliveryClaims1765520000000 } from './1765520000000-AlertDeliveryClaims.js';
import { PingSender1765530000000 } from './1765530000000-PingSender.js';
import { AlertDeliveryTallies1765540000000 } from './1765540000000-AlertDeliveryTallies.js';
import { AlertImages1765550000000 } from './1765550000000-AlertImages.js';
import { AlertSendLog1765560000000 } from './1765560000000-AlertSendLog.js';
import { Sessions1765570000000 } from './1765570000000-Sessions.js';
import { CoarseLeftovers1765583000000 } from './1765583000000-CoarseLeftovers.js';
import { SealedPushSubscriptions1765590000000 } from './1765590000000-SealedPushSubscriptions.js';
import { AlertPublishedAt1765595000000 } from './1765595000000-AlertPublishedAt.js';
import { SealedOtherAgency1765596000000 } from './1765596000000-SealedOtherAgency.js';
import { AccountDeletion1765600000000 } from './1765600000000-AccountDeletion.js';
import { SealedAlertReasons1765610000000 } from './1765610000000-SealedAlertReasons.js';
import { OperatorHintsFromSealed1765620000000 } from './1765620000000-OperatorHintsFromSealed.js';

/** Every migration in order. Add new ones at the end; never edit one that has shipped. */
export const migrations = [
  Init1763780000000,
  DispatchWaves1763900000000,
  Incidents1764000000000,
  IdempotencyKeys1765000000000,
  RateLimits1765000100000,
  SealedRecords1765000200000,
  Cluster1765000300000,
  MapTopic1765000400000,
  MapData1765100000000,
  Referrals1765300000000,
  Metrics1765310000000,
  Channels1765400000000,
  Threads1765400100000,
  TelegramDrafts1765400200000,
  Hotline1765410000000,
  Shifts1765420000000,
  Alerts1765500000000,
  Drills1765510000000,
  AlertDeliveryClaims1765520000000,
  PingSender1765530000000,
  AlertDeliveryTallies1765540000000,
  AlertImages1765550000000,
  AlertSendLog1765560000000,
  Sessions1765570000000,
  CoarseLeftovers1765583000000,
  SealedPushSubscriptions1765590000000,
  AlertPublishedAt1765595000000,
  SealedOtherAgency1765596000000,
  AccountDeletion1765600000000,
  SealedAlertReasons1765610000000,
  OperatorHintsFromSealed1765620000000,
];
