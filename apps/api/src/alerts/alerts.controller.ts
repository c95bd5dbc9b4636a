import {
  type AlertApproval,
  alertApprovalBodySchema,
  type AlertDraft,
  type AlertDraftInput,
  alertDraftInputSchema,
  type AlertDraftUpdate,
  alertDraftUpdateSchema,
  type AlertEstimate,
  type AlertEstimateRequest,
  alertEstimateRequestSchema,
  alertEstimateSchema,
  type AlertList,
  alertListQuerySchema,
  alertListSchema,
  type AlertPrefillRequest,
  alertPrefillRequestSchema,
  type AlertRejection,
  alertRejectionSchema,
  type AlertRetractionRequest,
  alertRetractionRequestSchema,
  type AlertSettings,
  alertSettingsSchema,
  type AlertView,
  alertViewSchema,
  type DeliveryCounts,
  deliveryCountsSchema,
} from '@centinela/contracts';
import { Controller, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody, ZodQuery } from '../common/validation/zod-params.js';
import { ApprovalsService } from './approvals.service.js';
import { ComposerService } from './composer.service.js';
import { FeedsService } from './feeds.service.js';

const viewResponse = { schema: jsonSchemaOf(alertViewSchema, 'output') };

/** Compose, approve (two people), send, control and correct community alerts. Dispatchers and coordinators. */
@ApiTags('alerts')
@Controller('alerts')
@Roles('dispatcher', 'coordinator')
export class AlertsController {
  constructor(
    private readonly composer: ComposerService,
    private readonly approvals: ApprovalsService,
    private readonly feeds: FeedsService,
  ) {}

  @Get()
  @ApiOkResponse({ schema: jsonSchemaOf(alertListSchema, 'output') })
  @ApiOperation({ summary: 'Alerts, newest first' })
  list(@ZodQuery(alertListQuerySchema) query: z.infer<typeof alertListQuerySchema>): Promise<AlertList> {
    return this.composer.list(query);
  }

  @Get('settings')
  @ApiOkResponse({ schema: jsonSchemaOf(alertSettingsSchema, 'output') })
  @ApiOperation({ summary: 'Languages, configured channels, prices and approval rules' })
  settings(): AlertSettings {
    return this.composer.settings();
  }

  @Get('approvals')
  @ApiOkResponse({ schema: jsonSchemaOf(alertListSchema, 'output') })
  @ApiOperation({ summary: 'Alerts waiting for a second person’s approval' })
  awaiting(): Promise<AlertList> {
    return this.composer.awaitingApproval();
  }

  @Post('prefill')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(alertDraftInputSchema, 'input') })
  @ApiOperation({ summary: 'A draft prefilled from the templates (and a confirmed incident), not saved' })
  prefill(@ZodBody(alertPrefillRequestSchema) body: AlertPrefillRequest): Promise<AlertDraftInput> {
    return this.composer.prefill(body);
  }

  @Post('estimate')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(alertEstimateSchema, 'output') })
  @ApiOperation({ summary: 'Recipients per channel × language, SMS segments and cost of an unsaved draft' })
  estimate(@ZodBody(alertEstimateRequestSchema) body: AlertEstimateRequest): Promise<AlertEstimate> {
    return this.composer.estimate(body as never);
  }

  @Post()
  @ApiCreatedResponse(viewResponse)
  @ApiOperation({ summary: 'Save a draft alert' })
  create(@CurrentUser() user: AuthUser, @ZodBody(alertDraftInputSchema) body: AlertDraft): Promise<AlertView> {
    return this.composer.create(user, body);
  }

  @Get(':id')
  @ApiOkResponse(viewResponse)
  @ApiOperation({ summary: 'One alert: what it says, its approval, its estimate and its delivery counts' })
  get(@UuidParam('id') id: string): Promise<AlertView> {
    return this.composer.get(id);
  }

  @Patch(':id')
  @ApiOkResponse(viewResponse)
  @ApiOperation({ summary: 'Edit a draft (voids a pending approval request)' })
  update(@CurrentUser() user: AuthUser, @UuidParam('id') id: string, @ZodBody(alertDraftUpdateSchema) body: AlertDraftUpdate): Promise<AlertView> {
    return this.composer.update(user, id, body);
  }

  @Post(':id/approval-request')
  @HttpCode(200)
  @ApiOkResponse(viewResponse)
  @ApiOperation({ summary: 'Ask a second dispatcher or coordinator to approve exactly this' })
  requestApproval(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<AlertView> {
    return this.approvals.requestApproval(user, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse(viewResponse)
  @ApiOperation({ summary: 'Approve what was shown (not the author) and start sending' })
  approve(@CurrentUser() user: AuthUser, @UuidParam('id') id: string, @ZodBody(alertApprovalBodySchema) body: AlertApproval): Promise<AlertView> {
    return this.approvals.approve(user, id, body.hash);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse(viewResponse)
  @ApiOperation({ summary: 'Send an alert back to its author, saying why' })
  reject(@CurrentUser() user: AuthUser, @UuidParam('id') id: string, @ZodBody(alertRejectionSchema) body: AlertRejection): Promise<AlertView> {
    return this.approvals.reject(user, id, body);
  }

  @Post(':id/send')
  @HttpCode(200)
  @ApiOkResponse(viewResponse)
  @ApiOperation({ summary: 'Send an alert whose type needs no approval' })
  send(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<AlertView> {
    return this.approvals.send(user, id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse(viewResponse)
  @ApiOperation({ summary: 'Pause a send (what is queued waits)' })
  pause(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<AlertView> {
    return this.approvals.control(user, id, 'pause');
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse(viewResponse)
  @ApiOperation({ summary: 'Resume a paused send' })
  resume(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<AlertView> {
    return this.approvals.control(user, id, 'resume');
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse(viewResponse)
  @ApiOperation({ summary: 'Cancel: a draft, a request, or what is still queued of a send' })
  cancel(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<AlertView> {
    return this.approvals.control(user, id, 'cancel');
  }

  @Post(':id/retraction')
  @ApiCreatedResponse(viewResponse)
  @ApiOperation({ summary: 'Retract or correct: to exactly who received it, on the same channels' })
  retract(@CurrentUser() user: AuthUser, @UuidParam('id') id: string, @ZodBody(alertRetractionRequestSchema) body: AlertRetractionRequest): Promise<AlertView> {
    return this.approvals.retract(user, id, body);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ schema: jsonSchemaOf(deliveryCountsSchema, 'output') })
  @ApiOperation({ summary: 'Delivery counts per channel × language × status' })
  async deliveries(@UuidParam('id') id: string): Promise<DeliveryCounts> {
    return (await this.composer.get(id)).deliveries;
  }

  @Get(':id/cap.xml')
  @ApiProduces('application/cap+xml')
  @ApiOperation({ summary: 'The alert as a CAP 1.2 message (Exercise for drills)' })
  async cap(@UuidParam('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const message = await this.feeds.cap(id, true, request);
    await reply.header('content-type', 'application/cap+xml; charset=utf-8').header('cache-control', 'private, no-store').send(message);
  }
}
