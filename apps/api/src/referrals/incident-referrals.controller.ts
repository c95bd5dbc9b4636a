import { type CreateIncidentReferral, createIncidentReferralSchema, type IncidentReferral, incidentReferralSchema } from '@centinela/contracts';
import { Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { ReferralsService } from './referrals.service.js';

/** "Referred to X" in an incident's record. */
@ApiTags('referrals')
@Controller('incidents')
export class IncidentReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get(':id/referrals')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(incidentReferralSchema), 'output') })
  @ApiOperation({ summary: 'An incident’s referrals' })
  list(@UuidParam('id') id: string): Promise<IncidentReferral[]> {
    return this.referrals.referralsOf(id);
  }

  /** Records the referral and schedules the follow-up "check the family reached them" in `followUpDays` days. */
  @Post(':id/referrals')
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: jsonSchemaOf(incidentReferralSchema, 'output') })
  @ApiOperation({ summary: 'Record "referred to X" with its follow-up' })
  refer(
    @UuidParam('id') id: string,
    @ZodBody(createIncidentReferralSchema) body: CreateIncidentReferral,
    @CurrentUser() user: AuthUser,
  ): Promise<IncidentReferral> {
    return this.referrals.refer(user, id, body);
  }
}
