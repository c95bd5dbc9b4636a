import type { AlertView, DeliveryCounts } from './alerts.js';
import type { Dispatch } from './dispatches.js';
import type { HotlineCall } from './hotline.js';
import type { IncidentView } from './incidents.js';
import type { Ping } from './pings.js';
import type { LiveLocation, LocationUpdate, Responder } from './responders.js';
import type { OperatorMessage } from './shifts.js';
import type { SightingView } from './sighting-view.js';
import type { ThreadMessage, ThreadSummary } from './threads.js';
import type { Zone } from './zones.js';

/** A responder's live location changed, or was forgotten (null). */
export type ResponderMovedMessage = { responderId: string; alias: string; location: LiveLocation | null };

/** The shortest time between two `responders.moved` batches to one screen. */
export const MOVES_EVERY_MS = 50;

/** A responder's live location entered or left a zone. */
export type ZoneCrossingMessage = { responderId: string; alias: string; zoneId: string; zoneName: string; change: 'entered' | 'exited'; at: string };

/** Every message the server pushes over socket.io, by event name. */
export type ServerToClientEvents = {
  /** To map watchers: a sighting was stored, with the zones it fell in and any dispatch started with it. */
  'sighting.created': (view: SightingView) => void;
  /** To map watchers: an incident changed (a new sighting, a status, a claim, a merge, media…). */
  'incident.updated': (view: IncidentView) => void;
  /** To map watchers: an incident left the live map (merged into another, expired, resolved). */
  'incident.removed': (message: { id: string; reason: 'merged' | 'expired' | 'resolved'; mergedInto: string | null }) => void;
  /** To map watchers: a dispatch changed (new wave, answers, filled, cancelled). */
  'dispatch.updated': (dispatch: Dispatch) => void;
  /** To one responder only: you are asked to respond. */
  ping: (ping: Ping) => void;
  /** To one responder only: your ping changed (your answer, covered, cancelled, who else is going). */
  'ping.updated': (ping: Ping) => void;
  'zone.upserted': (zone: Zone) => void;
  'zone.deleted': (message: { id: string }) => void;
  /** To map watchers and the responder: profile or duty changed. */
  'responder.updated': (responder: Responder) => void;
  /** To map watchers: the responder's account was deleted; they are on no roster any more. */
  'responder.removed': (message: { id: string }) => void;
  /**
   * To map watchers: live locations that changed, in the order they changed (a responder may appear more than
   * once; the last one holds). Sent at once when the previous batch left at least MOVES_EVERY_MS ago, else at the
   * end of that interval, so each API process sends a screen at most 20 of these a second however busy the network is.
   */
  'responders.moved': (moves: ResponderMovedMessage[]) => void;
  /** To map watchers. */
  'responder.zone': (message: ZoneCrossingMessage) => void;
  /** To map watchers: a hotline call rang, was answered, missed, got a voicemail, a call-back was taken or done. */
  'hotline.call': (call: HotlineCall) => void;
  /** To operators (dispatchers and coordinators): a message in their shared thread. */
  'operators.message': (message: OperatorMessage) => void;
  /** To operators: the weekly schedule changed (reload it). */
  'shifts.changed': (message: { shiftId: string }) => void;
  /** To map watchers: a message thread changed (a new message, read, turned into a sighting). */
  'thread.updated': (thread: ThreadSummary) => void;
  /** To map watchers: a message in a thread arrived, was sent, or its delivery status changed. */
  'thread.message': (message: ThreadMessage) => void;
  /** To dispatchers and coordinators: an alert changed (drafted, edited, approval asked/decided, sending, paused, sent…). */
  'alert.updated': (view: AlertView) => void;
  /** To dispatchers and coordinators: live delivery counts of an alert being sent (at most a few a second). */
  'alert.deliveries': (counts: DeliveryCounts) => void;
};

/** The answer to a location shared over the socket: where the server has you now, or what was wrong. */
export type LocationAck = { ok: true; location: LiveLocation } | { ok: false; status: number; message: string };

/**
 * What clients send. Everything else a client changes goes through the REST API; a responder's location is
 * frequent enough to ride the socket it already holds (same rules as PUT /api/responders/me/location).
 */
export type ClientToServerEvents = {
  location: (update: LocationUpdate, ack: (answer: LocationAck) => void) => void;
};

/** socket.io rooms. Map watchers (dispatchers and coordinators) share the map's events. */
export const rooms = {
  dispatchers: 'dispatchers',
  coordinators: 'coordinators',
  responder: (responderId: string) => `responder:${responderId}`,
} as const;
