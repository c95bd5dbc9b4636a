import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { RateLimits } from '../rate-limits/rate-limits.service.js';
import { CallerIdentity } from './caller-identity.js';
import { CallsRepository } from './calls.repository.js';
import { CallMissed, CallUpdated, LegsAdded, LegsStopped } from './hotline.events.js';
import { ON_SHIFT, type OnShift } from './on-shift.js';
import { OperatorsRepository, type Ringable } from './operators.repository.js';
import { languageName, say, sayMenu } from './prompts.js';
import { TimelineRecorder } from './timeline-recorder.js';
import { VoiceProvider } from './voice-provider.js';
import { voiceWebhookUrl } from './voice-urls.js';

/** Twilio's webhook parameters (form fields). */
export type VoiceParams = Record<string, string | undefined>;

const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
/** Twilio re-requests the queue's wait URL after each answer; this is how long each answer holds the caller. */
const WAIT_SLICE_SECONDS = 5;
/** Twilio dials at most ten numbers for one call in practice; more legs cost more and ring no faster. */
const MAX_LEGS = 10;

/**
 * The call flow, as Twilio drives it (each method answers one webhook with TwiML):
 * incoming → language menu → every on-shift operator speaking that language rung at once (one REST call per
 * phone, made by the Ringer as soon as the legs are committed — no webhook waits on Twilio's REST API — while the
 * caller waits in a queue of its own) → on each phone a "press 1 to take this hotline call" screen →
 * the first 1 claims the call in PostgreSQL (atomic, whatever process answers) and is bridged to the queue, the
 * other legs are cancelled → nobody within HOTLINE_RING_SECONDS (or every leg gave up) → voicemail and alerts.
 * A personal voicemail that picks up a leg never presses 1, so it never takes the call and the others keep ringing.
 */
@Injectable()
export class CallFlowService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ON_SHIFT) private readonly shifts: OnShift,
    private readonly uow: UnitOfWork,
    private readonly calls: CallsRepository,
    private readonly operators: OperatorsRepository,
    private readonly provider: VoiceProvider,
    private readonly limits: RateLimits,
    private readonly identity: CallerIdentity,
    private readonly timeline: TimelineRecorder,
  ) {}

  private get languages(): string[] {
    return this.config.hotline.languages;
  }

  private get prompts(): string | undefined {
    return this.config.hotline.promptsUrl;
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  /** A call comes in: banned and flooding numbers are refused politely (and recorded), others hear the menu. */
  async incoming(p: VoiceParams): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    const sid = p.CallSid;
    if (!sid) return hangUp(response);
    const number = p.From ?? '';
    const callerHash = this.identity.hash(number);
    const known = await this.calls.idOfSid(this.uow.db, sid);
    let refused: 'banned' | 'flood' | null = null;
    if (!known) refused = (await this.calls.isBanned(this.uow.db, callerHash)) ? 'banned' : await this.flooding(callerHash);
    const sealed = refused || !number ? null : this.identity.seal(number);
    const call = await this.uow.run(async (tx) => {
      const opened = await this.calls.open(tx.db, {
        providerSid: sid,
        callerHash,
        caller: sealed?.envelope ?? null,
        sealedKey: sealed?.keyId ?? null,
        state: refused ? 'refused' : 'ringing',
        refusedBecause: refused,
        now: this.now(),
      });
      if (opened.created) await this.publish(tx, opened.id);
      return opened;
    });
    const first = this.languages[0]!;
    if (call.state === 'refused') {
      say(response, this.prompts, 'refused', first);
      return hangUp(response);
    }
    say(response, this.prompts, 'welcome', first);
    if (this.languages.length === 1) {
      response.redirect(this.url('language', { call: call.id, Digits: '1' }));
      return response.toString();
    }
    const gather = response.gather({ numDigits: 1, timeout: 6, action: this.url('language', { call: call.id }) });
    sayMenu(gather, this.prompts, this.languages);
    response.redirect(this.url('language', { call: call.id, Digits: '1' }));
    return response.toString();
  }

  /** The caller chose a language: ring every on-shift operator who speaks it (or the fallback group). */
  async language(callId: string, p: VoiceParams, query: VoiceParams): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    const call = await this.calls.find(this.uow.db, callId);
    if (call?.state !== 'ringing') return hangUp(response);
    const digit = Number(p.Digits ?? query.Digits ?? '1');
    const language = this.languages[digit - 1] ?? this.languages[0]!;
    const { ring, fallback } = await this.whoToRing(language);
    const rang = await this.uow.run(async (tx) => {
      await this.calls.setLanguage(tx.db, callId, language, fallback);
      const legs: { legId: string; userId: string }[] = [];
      for (const operator of ring) legs.push({ legId: await this.calls.addLeg(tx.db, callId, operator.userId), userId: operator.userId });
      await this.publish(tx, callId);
      if (legs.length > 0) tx.publish(new LegsAdded(callId, legs));
      return legs.length;
    });
    if (rang === 0) return this.toVoicemail(callId, language, response);
    say(response, this.prompts, 'hold', language);
    response.enqueue({ waitUrl: this.url('wait', { call: callId }), action: this.url('queue-done', { call: callId }) }, queueOf(callId));
    return response.toString();
  }

  /** While the caller waits: leave for voicemail once the ring time is over or every phone gave up. */
  async wait(callId: string, p: VoiceParams): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    const call = await this.calls.find(this.uow.db, callId);
    const waited = Number(p.QueueTime ?? '0');
    if (call?.state !== 'ringing' || waited >= this.config.hotline.ringSeconds || (await this.calls.ringingLegs(this.uow.db, callId)) === 0) {
      response.leave();
      return response.toString();
    }
    response.pause({ length: WAIT_SLICE_SECONDS });
    return response.toString();
  }

  /** The caller left the queue: bridged (then the call is over), or left/hung up without anyone taking it. */
  async queueDone(callId: string, p: VoiceParams): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    const call = await this.calls.find(this.uow.db, callId);
    if (p.QueueSid) void this.provider.removeQueue(p.QueueSid); // each call has a queue of its own; Twilio keeps them until deleted
    if (!call || call.state === 'answered' || p.QueueResult === 'bridged') return hangUp(response);
    if (p.QueueResult === 'hangup') {
      await this.miss(callId);
      return response.toString();
    }
    return this.toVoicemail(callId, call.language ?? this.languages[0]!, response);
  }

  /** The voicemail was recorded. */
  async voicemail(callId: string, p: VoiceParams): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    const call = await this.calls.find(this.uow.db, callId);
    const seconds = Math.max(0, Math.round(Number(p.RecordingDuration ?? '0')) || 0);
    await this.uow.run(async (tx) => {
      await this.calls.voicemail(tx.db, callId, seconds);
      await this.publish(tx, callId);
    });
    say(response, this.prompts, 'thanks', call?.language ?? this.languages[0]!);
    return hangUp(response);
  }

  /** An operator's phone answered: "press 1 to take this hotline call". No key (a voicemail) → hang up that leg. */
  async whisper(callId: string, legId: string): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    const [call, leg] = await Promise.all([this.calls.find(this.uow.db, callId), this.calls.leg(this.uow.db, legId, callId)]);
    const language = call?.language ?? this.languages[0]!;
    if (!call || !leg || call.state !== 'ringing' || leg.state !== 'ringing') {
      say(response, this.prompts, 'taken', language);
      return hangUp(response);
    }
    const gather = response.gather({ numDigits: 1, timeout: 10, action: this.url('accept', { call: callId, leg: legId }) });
    say(gather, undefined, 'whisper', language, { language: languageName(language, language) });
    return hangUp(response);
  }

  /** An operator pressed a key: the first 1 takes the call and is bridged; the other phones stop ringing. */
  async accept(callId: string, legId: string, p: VoiceParams): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    const call = await this.calls.find(this.uow.db, callId);
    const language = call?.language ?? this.languages[0]!;
    if (p.Digits !== '1') {
      await this.calls.legEnded(this.uow.db, legId);
      return hangUp(response);
    }
    const claimed = await this.uow.run(async (tx) => {
      if (!(await this.calls.claim(tx.db, callId, legId, this.now()))) return false;
      tx.publish(new LegsStopped(await this.calls.cancelLegs(tx.db, callId)));
      await this.publish(tx, callId);
      return true;
    });
    if (!claimed) {
      say(response, this.prompts, 'taken', language);
      return hangUp(response);
    }
    say(response, this.prompts, 'connecting', language);
    response.dial().queue(queueOf(callId));
    return response.toString();
  }

  /** The caller's call changed status (the number's status callback): at the end, its length; ringing → missed. */
  async status(p: VoiceParams): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    if (!p.CallSid || !ENDED.has(p.CallStatus ?? '')) return response.toString();
    const callId = await this.calls.idOfSid(this.uow.db, p.CallSid);
    if (!callId) return response.toString();
    await this.miss(callId);
    const seconds = p.CallDuration === undefined ? null : Number(p.CallDuration) || 0;
    await this.uow.run(async (tx) => {
      if (!(await this.calls.end(tx.db, callId, this.now(), seconds))) return;
      await this.timeline.recordIn(tx, callId);
      await this.publish(tx, callId);
    });
    return response.toString();
  }

  /** An operator's leg ended (no answer, busy, declined, hung up). */
  async legStatus(legId: string, p: VoiceParams): Promise<string> {
    if (ENDED.has(p.CallStatus ?? '')) await this.calls.legEnded(this.uow.db, legId);
    return new twilio.twiml.VoiceResponse().toString();
  }

  private async whoToRing(language: string): Promise<{ ring: Ringable[]; fallback: boolean }> {
    const onShift = await this.shifts.onShift(this.now(), 'operator');
    let candidates = onShift.length > 0 ? await this.operators.ringable(this.uow.db, onShift) : [];
    const fallback = candidates.length === 0;
    if (fallback) candidates = await this.operators.ringable(this.uow.db, null);
    const speaking = candidates.filter((c) => c.languages.includes(language));
    return { ring: (speaking.length > 0 ? speaking : candidates).slice(0, MAX_LEGS), fallback };
  }

  private async toVoicemail(callId: string, language: string, response: InstanceType<typeof twilio.twiml.VoiceResponse>): Promise<string> {
    await this.miss(callId);
    say(response, this.prompts, 'voicemail', language);
    response.record({ maxLength: 120, playBeep: true, timeout: 5, action: this.url('voicemail', { call: callId }) });
    say(response, this.prompts, 'thanks', language);
    return hangUp(response);
  }

  /** Nobody took the call: missed (with a call-back task), the legs still ringing stopped, the alert sent once. */
  private async miss(callId: string): Promise<void> {
    await this.uow.run(async (tx) => {
      if (!(await this.calls.miss(tx.db, callId))) return;
      const call = (await this.calls.find(tx.db, callId))!;
      tx.publish(new LegsStopped(await this.calls.cancelLegs(tx.db, callId)));
      await this.publish(tx, callId);
      tx.publish(new CallMissed(callId, call.language, call.startedAt));
    });
  }

  private async flooding(callerHash: string): Promise<'flood' | null> {
    const { callsPerNumber, callsWindowMs } = this.config.hotline;
    try {
      await this.limits.take(`call:${callerHash}`, callsPerNumber, callsWindowMs, 'too many calls from this number');
      return null;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'rate_limited') return 'flood';
      throw error;
    }
  }

  private async publish(tx: Tx, callId: string): Promise<void> {
    const view = await this.calls.view(tx.db, callId);
    if (view) tx.publish(new CallUpdated(view));
  }

  private url(step: string, query: Record<string, string>): string {
    return voiceWebhookUrl(this.config.channels.publicUrl, step, query);
  }
}

const queueOf = (callId: string) => `call-${callId}`;

function hangUp(response: InstanceType<typeof twilio.twiml.VoiceResponse>): string {
  response.hangup();
  return response.toString();
}
