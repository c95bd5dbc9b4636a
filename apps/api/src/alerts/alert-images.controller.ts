import { createHash } from 'node:crypto';
import { type AlertImage, alertImageSchema } from '@centinela/contracts';
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Public, Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam } from '../common/validation/zod-params.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { readPhoto } from '../media/upload.js';
import { AlertImages } from './alert-images.js';

/** Images for alerts: staff upload and see them; anyone (the providers that fetch them) once their alert went out. */
@ApiTags('alerts')
@Controller('alerts')
export class AlertImagesController {
  constructor(
    private readonly images: AlertImages,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('images')
  @Roles('dispatcher', 'coordinator')
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ schema: jsonSchemaOf(alertImageSchema, 'output') })
  @ApiOperation({ summary: 'Upload an image for an alert (multipart field `photo`): metadata stripped, re-encoded as JPEG' })
  async upload(@Req() request: FastifyRequest, @CurrentUser() user: AuthUser): Promise<AlertImage> {
    const { buffer, mimetype } = await readPhoto(request);
    const fingerprint = this.idempotency.fingerprintOf(request, { photo: createHash('sha256').update(buffer).digest('hex') });
    return this.idempotency.run(request, fingerprint, 201, () => this.images.upload(user, buffer, mimetype));
  }

  @Get('images/:id')
  @Roles('dispatcher', 'coordinator')
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: 'The image (metadata-free JPEG)' })
  @ApiOperation({ summary: 'An alert image, whatever its alert’s state (the composer, the approver)' })
  async staff(@UuidParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const { bytes, contentType } = await this.images.open(id, { released: false });
    await reply.header('content-type', contentType).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(bytes);
  }

  @Get('feeds/images/:id')
  @Public()
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: 'The image (metadata-free JPEG)' })
  @ApiOperation({ summary: 'The image of an alert that went out (what providers fetch and notifications show); 404 before' })
  async released(@UuidParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const { bytes, contentType } = await this.images.open(id, { released: true });
    // What went out does not change: an image's id names its bytes for good.
    await reply
      .header('content-type', contentType)
      .header('cache-control', 'public, max-age=86400, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  }
}
