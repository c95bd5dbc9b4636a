import { createHash } from 'node:crypto';
import { type PublicReport, publicReportResponseSchema, publicReportSchema } from '@centinela/contracts';
import { Controller, Ip, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiTags, ApiTooManyRequestsResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/roles.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { readMultipart, type UploadedFile as Upload } from '../common/http/multipart.js';
import { jsonSchemaOf } from '../common/validation/zod-params.js';
import { ZodPipe } from '../common/validation/zod.pipe.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { MediaService } from '../media/media.service.js';
import { PublicLimits } from '../rate-limits/public-limits.js';

import { SightingsService } from './sightings.service.js';

const validate = new ZodPipe(publicReportSchema);
/** The same contract for the multipart form's `report` field: its problems are named `report.…`. */
const validateField = new ZodPipe(publicReportSchema, 'report');

/**
 * The community report form's endpoint: no sign-in, rate-limited, nothing about the reporter kept.
 * JSON, or multipart/form-data with the report as JSON in field `report` and an optional `photo`
 * (checked and stripped of its metadata before the report is stored). An Idempotency-Key makes a phone's
 * retry on a flaky network count once.
 */
@ApiTags('public')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly limits: PublicLimits,
    private readonly sightings: SightingsService,
    private readonly media: MediaService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Report what you see, without an account: place, what, when, and a photo if safe (rate-limited)' })
  @Public()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: jsonSchemaOf(publicReportSchema) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'One per submission: a retry with the same key is answered without a second report' })
  @ApiCreatedResponse({ schema: jsonSchemaOf(publicReportResponseSchema, 'output') })
  @ApiTooManyRequestsResponse({ description: 'Too many reports from this client, or in total, just now' })
  async report(@Req() request: FastifyRequest, @Ip() clientAddress: string): Promise<{ received: true }> {
    if (!request.isMultipart()) {
      // JSON: the idempotency interceptor has already fingerprinted the body.
      return this.receive(validate.transform(request.body), null, clientAddress);
    }
    const { report, photo, fingerprint } = await this.readMultipart(request);
    return this.idempotency.run(request, fingerprint, 201, () => this.receive(report, photo, clientAddress));
  }

  /** The limit is taken before a photo is decoded: decoding is the expensive part, and a flood must not buy it. */
  private async receive(report: PublicReport, upload: Upload | null, clientAddress: string): Promise<{ received: true }> {
    await this.limits.take('report', clientAddress);
    const photo = upload ? await this.media.clean(upload.buffer, upload.mimetype) : null;
    const { sighting } = await this.sightings.reported(report);
    if (photo) await this.media.storeClean(photo, { incidentId: sighting.incidentId, sightingId: sighting.id, user: null, source: 'public report' });
    return { received: true };
  }

  private async readMultipart(request: FastifyRequest): Promise<{ report: PublicReport; photo: Upload | null; fingerprint: string }> {
    const body = await readMultipart(request, { textFields: ['report'] });
    const raw = body.fields.get('report');
    if (raw === undefined) throw DomainError.invalid([{ path: 'report', message: 'is required' }]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw DomainError.invalid([{ path: 'report', message: 'must be JSON' }]);
    }
    const report = validateField.transform(parsed);
    const file = body.files.find((f) => f.field === 'photo');
    const photoHash = file ? createHash('sha256').update(file.buffer).digest('hex') : null;
    return { report, photo: file ?? null, fingerprint: this.idempotency.fingerprintOf(request, { report: parsed, photo: photoHash }) };
  }
}
