import {
  organizationInputSchema,
  type Organization,
  organizationSchema,
  type ReferralMatch,
  referralMatchSchema,
  type ReferralSearch,
  referralSearchSchema,
  type ReferralService,
  serviceInputSchema,
  type ServiceCreate,
  serviceSchema,
  type ServiceUpdate,
  type SetServiceAreas,
  setServiceAreasSchema,
  updateOrganizationSchema,
  updateServiceSchema,
} from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody, ZodQuery } from '../common/validation/zod-params.js';
import { ReferralsService } from './referrals.service.js';

const serviceResponse = jsonSchemaOf(serviceSchema, 'output');
const organizationResponse = jsonSchemaOf(organizationSchema, 'output');

/** The referral directory: dispatchers and coordinators read and search it; coordinators keep it. */
@ApiTags('referrals')
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  /** Ranked services for a caller: by need, language, place (point in service area), open now, free/low cost, words. */
  @Get('services')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(referralMatchSchema), 'output') })
  @ApiOperation({ summary: 'Search the directory for a caller (ranked)' })
  search(@ZodQuery(referralSearchSchema) query: ReferralSearch): Promise<ReferralMatch[]> {
    return this.referrals.find(query);
  }

  /** Entries not verified with the provider for REFERRAL_REVERIFY_DAYS (or never), the oldest first. */
  @Get('reverify')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(serviceSchema), 'output') })
  @ApiOperation({ summary: 'Entries due for re-verification' })
  dueForReverify(): Promise<ReferralService[]> {
    return this.referrals.dueForReverify();
  }

  @Get('services/:id')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: serviceResponse })
  @ApiOperation({ summary: 'One service of the directory' })
  service(@UuidParam('id') id: string): Promise<ReferralService> {
    return this.referrals.service(id);
  }

  @Post('services')
  @Roles('coordinator')
  @ApiCreatedResponse({ schema: serviceResponse })
  @ApiOperation({ summary: 'Add a service (and its areas)' })
  createService(@ZodBody(serviceInputSchema) body: ServiceCreate): Promise<ReferralService> {
    return this.referrals.createService(body);
  }

  @Patch('services/:id')
  @Roles('coordinator')
  @ApiOkResponse({ schema: serviceResponse })
  @ApiOperation({ summary: 'Edit a service' })
  updateService(@UuidParam('id') id: string, @ZodBody(updateServiceSchema) body: ServiceUpdate): Promise<ReferralService> {
    return this.referrals.updateService(id, body);
  }

  @Delete('services/:id')
  @Roles('coordinator')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a service' })
  deleteService(@UuidParam('id') id: string): Promise<void> {
    return this.referrals.deleteService(id);
  }

  /** Replaces the service's areas (named polygons, or a GeoJSON FeatureCollection of counties or cities). */
  @Put('services/:id/areas')
  @Roles('coordinator')
  @ApiOkResponse({ schema: serviceResponse })
  @ApiOperation({ summary: 'Replace a service’s areas' })
  setAreas(@UuidParam('id') id: string, @ZodBody(setServiceAreasSchema) body: SetServiceAreas): Promise<ReferralService> {
    return this.referrals.setAreas(id, body);
  }

  /** "I checked this with the provider today." */
  @Post('services/:id/verify')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: serviceResponse })
  @ApiOperation({ summary: 'Mark a service verified today' })
  verify(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<ReferralService> {
    return this.referrals.verify(user, id);
  }

  @Get('organizations')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(organizationSchema), 'output') })
  @ApiOperation({ summary: 'Every organization' })
  organizations(): Promise<Organization[]> {
    return this.referrals.organizations();
  }

  @Post('organizations')
  @Roles('coordinator')
  @ApiCreatedResponse({ schema: organizationResponse })
  @ApiOperation({ summary: 'Add an organization' })
  createOrganization(@ZodBody(organizationInputSchema) body: z.output<typeof organizationInputSchema>): Promise<Organization> {
    return this.referrals.createOrganization(body);
  }

  @Patch('organizations/:id')
  @Roles('coordinator')
  @ApiOkResponse({ schema: organizationResponse })
  @ApiOperation({ summary: 'Edit an organization' })
  updateOrganization(@UuidParam('id') id: string, @ZodBody(updateOrganizationSchema) body: z.output<typeof updateOrganizationSchema>): Promise<Organization> {
    return this.referrals.updateOrganization(id, body);
  }

  /** Deletes the organization and its services; incidents' records keep the names they were referred to. */
  @Delete('organizations/:id')
  @Roles('coordinator')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete an organization and its services' })
  deleteOrganization(@UuidParam('id') id: string): Promise<void> {
    return this.referrals.deleteOrganization(id);
  }
}
