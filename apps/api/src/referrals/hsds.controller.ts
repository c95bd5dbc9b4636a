import { BodyLimit } from '../common/http/body-limit.js';
import { CSV_PACKAGE_LIMITS } from './hsds-csv.js';
import { createHash } from 'node:crypto';
import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { readMultipart } from '../common/http/multipart.js';
import { ZodBody } from '../common/validation/zod-params.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { HsdsService, type ImportSummary } from './hsds.service.js';

/** Any JSON (the HSDS reader names what is wrong); the shared text rule still applies to every string in it. */
const hsdsBody = z.unknown();

/** Open Referral HSDS 3 import and export, so networks can share their directories. Coordinators only. */
@ApiTags('referrals')
@Controller('referrals')
export class HsdsController {
  constructor(
    private readonly hsds: HsdsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** The directory as an HSDS organization list (JSON). Trust notes and go-to marks stay in the network. */
  @Get('export.json')
  @Roles('coordinator')
  @ApiOkResponse({ description: 'HSDS 3 organization list with nested services' })
  @ApiOperation({ summary: 'Export the directory as HSDS JSON' })
  async exportJson(@Res() reply: FastifyReply): Promise<void> {
    const list = await this.hsds.exportJson();
    await reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="referrals-hsds.json"')
      .header('cache-control', 'private, no-store')
      .send(JSON.stringify(list, null, 2));
  }

  /** The directory as an HSDS tabular data package: datapackage.json and one CSV per table, zipped. */
  @Get('export.zip')
  @Roles('coordinator')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'datapackage.json, organizations.csv, services.csv, phones.csv, schedules.csv, service_areas.csv, …' })
  @ApiOperation({ summary: 'Export the directory as an HSDS CSV package' })
  async exportZip(@Res() reply: FastifyReply): Promise<void> {
    const zip = await this.hsds.exportCsvPackage();
    await reply
      .header('content-type', 'application/zip')
      .header('content-disposition', 'attachment; filename="referrals-hsds.zip"')
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(zip));
  }

  /** Adds and updates entries from an HSDS organization list (JSON body). */
  @Post('import')
  @Roles('coordinator')
  // A whole directory as HSDS JSON: as much as a CSV package may hold unzipped (CSV_PACKAGE_LIMITS).
  @BodyLimit(CSV_PACKAGE_LIMITS.bytes)
  @HttpCode(200)
  @ApiOperation({ summary: 'Import HSDS JSON' })
  importJson(@ZodBody(hsdsBody) body: unknown): Promise<ImportSummary> {
    return this.hsds.importJson(body);
  }

  /** Adds and updates entries from an HSDS CSV package (multipart field `package`, a ZIP). */
  @Post('import.zip')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Import an HSDS CSV package (ZIP)' })
  async importZip(@Req() request: FastifyRequest): Promise<ImportSummary> {
    if (!request.isMultipart()) throw DomainError.invalid([{ path: 'package', message: 'send the ZIP as multipart/form-data' }]);
    const zip = (await readMultipart(request, { fileFields: ['package'] })).files.find((f) => f.field === 'package');
    if (!zip) throw DomainError.invalid([{ path: 'package', message: 'is required' }]);
    // A retried upload (same Idempotency-Key, same bytes) answers what the first one did.
    const fingerprint = this.idempotency.fingerprintOf(request, { package: createHash('sha256').update(zip.buffer).digest('hex') });
    return this.idempotency.run(request, fingerprint, 200, () => this.hsds.importCsvPackage(new Uint8Array(zip.buffer)));
  }
}
