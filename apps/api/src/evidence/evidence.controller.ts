import { evidenceExportQuerySchema, type EvidenceExportQuery } from '@centinela/contracts';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { UuidParam, ZodQuery } from '../common/validation/zod-params.js';
import { EvidenceExportService } from './evidence-export.service.js';

@ApiTags('evidence')
@Controller('incidents')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceExportService) {}

  /**
   * The incident's record as a ZIP with a manifest of SHA-256 hashes. Every export is audited. Witness contacts only
   * with `include=witness-contacts` (the incident's log says who took them out, when); never responders' distances.
   */
  @Get(':id/export')
  @ApiOperation({
    summary: "The incident's record as a ZIP with a manifest of SHA-256 hashes; witness contacts only with include=witness-contacts (logged)",
  })
  @Roles('dispatcher', 'coordinator')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'record.json, timeline.json, media/*, manifest.json, SHA256SUMS' })
  async export(
    @UuidParam('id') id: string,
    @ZodQuery(evidenceExportQuerySchema) query: EvidenceExportQuery,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { zip, filename } = await this.evidence.export(user, id, query);
    await reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(zip));
  }
}
