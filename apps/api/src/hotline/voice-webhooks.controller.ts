import { twilioVoiceParamsSchema, voiceCallQuerySchema, voiceLegQuerySchema } from '@centinela/contracts';
import { Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Public } from '../auth/roles.decorator.js';
import { ZodBody, ZodQuery } from '../common/validation/zod-params.js';
import { CallFlowService, type VoiceParams } from './call-flow.service.js';
import { TwilioSignatureGuard } from '../channels/twilio-signature.guard.js';

type CallQuery = z.infer<typeof voiceCallQuerySchema>;
type LegQuery = z.infer<typeof voiceLegQuerySchema>;

/** Twilio's voice webhooks: every request signed (the channels' TwilioSignatureGuard: forged → 403), every answer TwiML. */
@ApiTags('webhooks')
@Controller('webhooks/twilio/voice')
@Public()
@UseGuards(TwilioSignatureGuard)
export class VoiceWebhooksController {
  constructor(private readonly flow: CallFlowService) {}

  @Post()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: "Twilio: a call to the hotline number (the number's voice URL): greeting and language menu, or a polite refusal" })
  incoming(@ZodBody(twilioVoiceParamsSchema) body: VoiceParams): Promise<string> {
    return this.flow.incoming(body);
  }

  @Post('language')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Twilio: the language chosen; rings every on-shift operator who speaks it, the caller waits in a queue' })
  language(@ZodQuery(voiceCallQuerySchema) q: CallQuery, @ZodBody(twilioVoiceParamsSchema) body: VoiceParams): Promise<string> {
    return this.flow.language(q.call, body, q);
  }

  @Post('wait')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Twilio: while the caller waits; leaves for voicemail when the ring time is over' })
  wait(@ZodQuery(voiceCallQuerySchema) q: CallQuery, @ZodBody(twilioVoiceParamsSchema) body: VoiceParams): Promise<string> {
    return this.flow.wait(q.call, body);
  }

  @Post('queue-done')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Twilio: the caller left the queue (bridged, hung up, or out of time → voicemail)' })
  queueDone(@ZodQuery(voiceCallQuerySchema) q: CallQuery, @ZodBody(twilioVoiceParamsSchema) body: VoiceParams): Promise<string> {
    return this.flow.queueDone(q.call, body);
  }

  @Post('voicemail')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Twilio: a voicemail was recorded' })
  voicemail(@ZodQuery(voiceCallQuerySchema) q: CallQuery, @ZodBody(twilioVoiceParamsSchema) body: VoiceParams): Promise<string> {
    return this.flow.voicemail(q.call, body);
  }

  @Post('whisper')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Twilio: an operator\'s phone answered; "press 1 to take this hotline call"' })
  whisper(@ZodQuery(voiceLegQuerySchema) q: LegQuery, @ZodBody(twilioVoiceParamsSchema) _body: VoiceParams): Promise<string> {
    return this.flow.whisper(q.call, q.leg);
  }

  @Post('accept')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Twilio: an operator pressed a key; the first 1 is bridged to the caller, the other phones stop' })
  accept(@ZodQuery(voiceLegQuerySchema) q: LegQuery, @ZodBody(twilioVoiceParamsSchema) body: VoiceParams): Promise<string> {
    return this.flow.accept(q.call, q.leg, body);
  }

  @Post('status')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: "Twilio: the caller's call status callback (its end and length)" })
  status(@ZodBody(twilioVoiceParamsSchema) body: VoiceParams): Promise<string> {
    return this.flow.status(body);
  }

  @Post('leg-status')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: "Twilio: an operator's leg ended (no answer, busy, hung up)" })
  legStatus(@ZodQuery(voiceLegQuerySchema) q: LegQuery, @ZodBody(twilioVoiceParamsSchema) body: VoiceParams): Promise<string> {
    return this.flow.legStatus(q.leg, body);
  }
}
