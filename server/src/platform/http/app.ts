import { randomUUID } from 'node:crypto';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Settings } from '../config.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { type Language, pickLanguage, type Translator } from '../i18n/translator.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { fileRoutes } from '../files/files.routes.ts';
import { createFileService, type FileService } from '../files/index.ts';
import { type Mailer, mailerOf } from '../mail/mailer.ts';
import type { ModuleDefinition } from '../module.ts';
import type { Outbox } from '../notify/outbox.ts';
import { healthRoutes } from './health.routes.ts';
import { installNulGuard } from './nul-guard.ts';
import { registerOpenApi } from './openapi.ts';
import { createErrorHandler, sendProblem } from './problem.ts';
import { registerRateLimit } from './rate-limit.ts';
import { enforceRouteDeclarations } from './route-declarations.ts';
import { registerWebApp, webAppBuilt, webDistDir } from './web-app.ts';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Language;
  }
  interface FastifyInstance {
    platform: PlatformServices;
  }
}

/** What the platform hands to every module's routes (Fastify decoration `app.platform`). */
export interface PlatformServices {
  settings: Settings;
  database: Database;
  translator: Translator;
  /** Every message out, on every channel (platform/notify). */
  outbox: Outbox;
  /** The outbox's e-mail face. */
  mailer: Mailer;
  jobs: Jobs | undefined;
  /** Uploads, stored files and their authorised downloads (platform/files). */
  files: FileService;
  /** Every module of the app (the jobs screen lists their declared jobs). */
  modules: readonly ModuleDefinition[];
  startedAt: Date;
}

export interface AppOptions extends Omit<PlatformServices, 'startedAt' | 'files' | 'mailer'> {
  /** A pino logger (createLogger), or `false` for silent tests. */
  logger: FastifyBaseLogger | false;
  serveWebApp?: boolean;
  /** The built web app to serve (web/dist by default; tests pass a folder of their own). */
  webDir?: string;
  /** Tests list every route (the route-enumeration test). */
  onRoute?: (route: RouteOptions) => void;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { settings, translator } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // A proxy's request id is kept when it looks like one, so logs join across hops.
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: settings.bodyLimitBytes,
    // One log line per request (on response) instead of Fastify's two: half the logging cost.
    logController: new LogController({ disableRequestLogging: true }),
    // A hop count is valid at run time though the typings only list boolean, string and list.
    trustProxy: settings.trustProxy as boolean | string | string[],
    routerOptions: { ignoreTrailingSlash: true },
  });

  const files = createFileService(settings, options.database);
  app.decorate('platform', { ...options, files, mailer: mailerOf(options.outbox), startedAt: new Date() } satisfies PlatformServices);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  enforceRouteDeclarations(app);
  installNulGuard(app);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, not the URL: a query string or a path carries e-mails, CCCD and tokens.
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ip: request.ip,
      },
      'request',
    );
  });

  app.decorateRequest('lang', 'vi');
  app.addHook('onRequest', async (request, reply) => {
    request.lang = pickLanguage(request.headers['accept-language']);
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS as <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only means something behind TLS; the reverse proxy of a deployment sets it.
    hsts: settings.publicUrl.startsWith('https://'),
  });
  await app.register(fastifyCookie, { secret: settings.sessionSecret });
  // API answers above 1 KB go out compressed (a grade sheet's JSON shrinks 8–10×). Only text
  // types: PDF, xlsx, images and zip are compressed already (mime-db marks them so) and the static
  // files come precompressed from the build. Brotli at quality 4 costs about what gzip does.
  // Request bodies are not inflated: the body limit holds for what arrives on the wire.
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    threshold: 1024,
    encodings: ['br', 'gzip'],
  });
  await registerRateLimit(app);

  app.setErrorHandler(createErrorHandler(translator, settings.bodyLimitBytes));
  await registerOpenApi(app);
  await app.register(healthRoutes);

  for (const mod of options.modules) mod.rootHooks?.(app);
  for (const mod of options.modules) {
    if (mod.routes) await app.register(mod.routes, { prefix: `/api/${mod.name}` });
  }
  await app.register(fileRoutes, { prefix: '/api/files' });

  const webDir = options.webDir ?? webDistDir;
  const serveWeb = (options.serveWebApp ?? true) && webAppBuilt(webDir);
  const pageFile = serveWeb ? await registerWebApp(app, webDir) : undefined;

  app.setNotFoundHandler({ preHandler: undefined }, async (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    // The SPA owns every other GET path (deep links like /org/units/123 reload fine).
    if (pageFile && (request.method === 'GET' || request.method === 'HEAD') && !url.startsWith('/api/') && url !== '/api') {
      return reply.type('text/html; charset=utf-8').sendFile(pageFile(url));
    }
    return sendProblem(reply, request, new AppError('platform.routeNotFound', 404), translator);
  });

  return app;
}
