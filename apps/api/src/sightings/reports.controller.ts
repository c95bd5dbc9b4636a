import type {} from '@fastify/multipart';
import { type PublicReport, publicReportResponseSchema, publicReportSchema } from '@centinela/contracts';
import { Controller, Ip, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/roles.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { jsonSchemaOf } from '../common/validation/zod-params.js';
import { ZodPipe } from '../common/validation/zod.pipe.js';
import { MediaService } from '../media/media.service.js';
import { type CleanPhoto, cleanPhoto } from '../media/photo.js';
import { PublicReportLimiter } from './public-report-limiter.js';
import { SightingsService } from './sightings.service.js';

const validate = new ZodPipe(publicReportSchema);

/**
 * The community report form's endpoint: no sign-in, rate-limited, nothing about the reporter kept.
 * JSON, or multipart/form-data with the report as JSON in field `report` and an optional `photo`
 * (checked and stripped of its metadata before the report is stored).
 */
@ApiTags('public')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly limiter: PublicReportLimiter,
    private readonly sightings: SightingsService,
    private readonly media: MediaService,
  ) {}

  @Post()
  @Public()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: jsonSchemaOf(publicReportSchema) })
  @ApiCreatedResponse({ schema: jsonSchemaOf(publicReportResponseSchema, 'output') })
  @ApiTooManyRequestsResponse({ description: 'Too many reports from this client, or in total, just now' })
  async report(@Req() request: FastifyRequest, @Ip() clientAddress: string): Promise<{ received: true }> {
    const { report, photo } = request.isMultipart() ? await this.readMultipart(request) : { report: validate.transform(request.body), photo: null };
    this.limiter.take(clientAddress);
    const { sighting } = await this.sightings.reported(report);
    if (photo) await this.media.storeClean(photo, { incidentId: sighting.incidentId, sightingId: sighting.id, user: null, source: 'public report' });
    return { received: true };
  }

  private async readMultipart(request: FastifyRequest): Promise<{ report: PublicReport; photo: CleanPhoto | null }> {
    let report: PublicReport | null = null;
    let photo: CleanPhoto | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === 'photo') photo = await cleanPhoto(await part.toBuffer(), part.mimetype);
      else if (part.type === 'field' && part.fieldname === 'report') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(part.value));
        } catch {
          throw DomainError.invalid([{ path: 'report', message: 'must be JSON' }]);
        }
        report = validate.transform(parsed);
      }
    }
    if (!report) throw DomainError.invalid([{ path: 'report', message: 'is required' }]);
    return { report, photo };
  }
}
