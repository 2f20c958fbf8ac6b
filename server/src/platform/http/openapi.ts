import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { markRoutesPublic } from './route-declarations.ts';

export const apiInfo = {
  title: 'Giáo Dục Số API',
  version: '0.1.0',
  description:
    'API of the Giáo Dục Số platform. Errors are application/problem+json (RFC 9457) with a stable `code`; ' +
    'send `Accept-Language: en` for English messages (Vietnamese by default).',
};

/** OpenAPI 3.1 generated from the zod schemas of the routes; the web client is generated from it. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: apiInfo,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gds_session' },
          apiClient: { type: 'http', scheme: 'bearer', description: 'API client token gds_<client id>.<secret> (identity › API clients)' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
    // The reference UI's own files are not part of the API.
    hideUntagged: false,
  });
  await app.register(async (ui) => {
    markRoutesPublic(ui);
    await ui.register(fastifySwaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: false,
      uiConfig: { deepLinking: true, docExpansion: 'list' },
    });
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}
