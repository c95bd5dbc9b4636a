import { Controller, Get, Req, Res } from '@nestjs/common';
import { publicAlertSchema } from '@centinela/contracts';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/roles.decorator.js';
import { jsonSchemaOf, UuidParam } from '../common/validation/zod-params.js';
import { FeedsService } from './feeds.service.js';

const send = (reply: FastifyReply, type: string, cache: Record<string, string>, body: string) =>
  reply.header('content-type', `${type}; charset=utf-8`).headers(cache).header('x-content-type-options', 'nosniff').send(body);

/** Public feeds of the alerts that went out (never drills): RSS, Atom, CAP 1.2. */
@ApiTags('public')
@Controller('alerts/feeds')
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get('rss.xml')
  @Public()
  @ApiProduces('application/rss+xml')
  @ApiOperation({ summary: 'Sent alerts as RSS 2.0' })
  async rss(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, 'application/rss+xml', this.feeds.cacheHeaders(), await this.feeds.rss(request));
  }

  @Get('atom.xml')
  @Public()
  @ApiProduces('application/atom+xml')
  @ApiOperation({ summary: 'Sent alerts as Atom' })
  async atom(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, 'application/atom+xml', this.feeds.cacheHeaders(), await this.feeds.atom(request));
  }

  @Get('cap.xml')
  @Public()
  @ApiProduces('application/atom+xml')
  @ApiOperation({ summary: 'An Atom index of the sent alerts’ CAP 1.2 messages' })
  async capIndex(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, 'application/atom+xml', this.feeds.cacheHeaders(), await this.feeds.capIndex(request));
  }

  @Get('json/:id')
  @Public()
  @ApiOkResponse({ schema: jsonSchemaOf(publicAlertSchema, 'output') })
  @ApiOperation({ summary: 'One alert that went out to the public, as its public page shows it (404 for anything else)' })
  async page(@UuidParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    // Not cached: someone who opens an alert right after its retraction must see that it was retracted.
    await reply
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(await this.feeds.page(id));
  }

  @Get('cap/:id')
  @Public()
  @ApiProduces('application/cap+xml')
  @ApiOperation({ summary: 'One sent alert as a CAP 1.2 message' })
  async cap(@UuidParam('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, 'application/cap+xml', this.feeds.cacheHeaders(), await this.feeds.cap(id, false, request));
  }
}
