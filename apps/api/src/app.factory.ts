import 'reflect-metadata';
import path from 'node:path';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOptions } from './app.module.js';
import { ClusterChannel } from './cluster/cluster-channel.js';
import { ClusterSocketAdapter } from './realtime/cluster-socket-adapter.js';
import { applyRouteBodyLimits } from './common/http/body-limit.js';
import { strictJsonParser } from './common/http/json-body.js';
import { withErrorResponses } from './common/http/openapi.js';
import { frameworkErrors, refuseBadQueryEncoding } from './common/http/percent-encoding.js';
import { type AppConfig, webDistExists } from './config/app-config.js';

/**
 * Builds the whole application (HTTP API, socket.io, web app, OpenAPI docs) without listening yet.
 * main.ts and the integration tests both start Centinela through here.
 */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<NestFastifyApplication> {
  // A number of hops is a function for Fastify (as Fastify itself turns a number into one): the socket's peer is hop 0.
  const hops = config.trustProxy;
  const trustProxy = typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : hops;
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, trustProxy, logger: false, frameworkErrors });
  // Routes registered by Nest below may set a larger body limit of their own (@BodyLimit).
  applyRouteBodyLimits(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // socket.io across API processes (see ClusterSocketAdapter).
  app.useWebSocketAdapter(new ClusterSocketAdapter(app, app.get(ClusterChannel)));
  app.useBodyParser('application/json', { bodyLimit: config.bodyLimitBytes }, strictJsonParser(adapter.getInstance()));
  app.setGlobalPrefix('api');

  const mapOrigins = config.map.styleUrl ? [new URL(config.map.styleUrl).origin] : [];
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Nothing from another host, unless the network chose a hosted basemap (MAP_STYLE_URL): then its origin.
        imgSrc: ["'self'", 'data:', 'blob:', ...mapOrigins],
        connectSrc: ["'self'", ...mapOrigins],
        workerSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  // After helmet, so that the 400 carries its headers.
  refuseBadQueryEncoding(adapter.getInstance());

  // Photos arrive as multipart/form-data: one file of at most MEDIA_MAX_BYTES (413 beyond), a few small fields.
  await app.register(multipart, { limits: { fileSize: config.media.maxBytes, files: 1, fields: 4, fieldSize: 16 * 1024, parts: 6 } });

  const openApi = new DocumentBuilder()
    .setTitle('Centinela API')
    .setDescription('Real-time map and geo-zoned alerting for community rapid response networks')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => withErrorResponses(SwaggerModule.createDocument(app, openApi)), { jsonDocumentUrl: 'api/docs-json' });

  if (webDistExists(config)) await serveWebApp(app, config.webDist);
  else app.get(Logger).warn(`no web build at ${config.webDist}; serving the API only`);

  await app.init();
  return app;
}

/**
 * The built single-page app at `/`: hashed assets cached for good, every page path answered with index.html. A file
 * that is not there (a path with an extension, or anything under /assets/) is a 404, never index.html: a page loaded
 * before a deploy asks for the old build's chunks, and HTML under a script's name would break it — and be cached by
 * the service worker — where a 404 makes it reload (main.tsx).
 */
async function serveWebApp(app: NestFastifyApplication, root: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    // Brotli or gzip copies made at build (vite.config.ts), chosen by the request's Accept-Encoding.
    preCompressed: true,
    setHeaders: (res, filePath) => {
      // Hashed files never change; glyphs change only with the app; everything else is revalidated.
      const immutable = filePath.startsWith(path.join(root, 'assets') + path.sep);
      const glyphs = filePath.startsWith(path.join(root, 'glyphs') + path.sep);
      void res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : glyphs ? 'public, max-age=604800' : 'no-cache');
    },
  });
  fastify.get('/*', (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
    }
    if (isFilePath(request.url.split('?')[0]!)) return reply.code(404).header('cache-control', 'no-cache').type('text/plain').send('Not Found');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  fastify.get('/', (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
}

/** A request for a file (a build asset, an icon, a script) rather than for one of the app's pages. */
const isFilePath = (pathname: string): boolean => pathname.startsWith('/assets/') || /\.[A-Za-z0-9]+$/.test(pathname.slice(pathname.lastIndexOf('/') + 1));
