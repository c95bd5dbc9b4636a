import { createHash } from 'node:crypto';
import { type MediaItem, mediaItemSchema } from '@centinela/contracts';
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam } from '../common/validation/zod-params.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { MediaService } from './media.service.js';
import { readPhoto } from './upload.js';

const mediaResponse = jsonSchemaOf(mediaItemSchema, 'output');

@ApiTags('media')
@Controller()
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Add a photo to an incident (multipart field `photo`). Metadata is stripped before it is stored. */
  @Post('incidents/:id/media')
  @Roles('dispatcher', 'coordinator')
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ schema: mediaResponse })
  async forIncident(@UuidParam('id') id: string, @Req() request: FastifyRequest, @CurrentUser() user: AuthUser): Promise<MediaItem> {
    const { buffer, mimetype } = await readPhoto(request);
    return this.idempotency.run(request, this.fingerprint(request, buffer), 201, () =>
      this.media.store(buffer, mimetype, { incidentId: id, user, source: user.username }),
    );
  }

  /** A responder on scene adds a photo through their ping. */
  @Post('pings/:id/media')
  @Roles('responder')
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ schema: mediaResponse })
  async fromScene(@UuidParam('id') pingId: string, @Req() request: FastifyRequest, @CurrentUser() user: AuthUser): Promise<MediaItem> {
    const { buffer, mimetype } = await readPhoto(request);
    return this.idempotency.run(request, this.fingerprint(request, buffer), 201, () => this.media.storeFromPing(buffer, mimetype, pingId, user));
  }

  /** An upload is the same request when it sends the same bytes to the same place. */
  private fingerprint(request: FastifyRequest, photo: Buffer): string {
    return this.idempotency.fingerprintOf(request, { photo: createHash('sha256').update(photo).digest('hex') });
  }

  /** The photo itself, only for dispatchers and coordinators, never cached by browsers or proxies. */
  @Get('media/:id')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ description: 'The stored image (metadata-free)' })
  async file(@UuidParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const { bytes, contentType } = await this.media.open(id);
    await reply.header('content-type', contentType).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(bytes);
  }
}
