import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isUuid } from '../db/uuid.ts';
import { notFound } from '../errors.ts';
import { problemSchema } from '../http/problem.ts';

/**
 * GET /api/files/:id — a stored file, to a caller its owning module authorises (the module's
 * registered answer, e.g. the grade book's for a transcript); anyone else, and an unknown id,
 * get the same 404.
 */
export async function fileRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { files, database } = app.platform;
  r.get(
    '/:id',
    {
      config: { authenticated: true },
      schema: {
        tags: ['platform'],
        summary: 'A stored file, for a caller the owning module authorises (404 otherwise)',
        params: z.object({ id: z.string().max(64) }),
        response: { 401: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const file = isUuid(id) ? await files.find(database.db, id) : undefined;
      const authorise = file && files.authoriserOf(file.owner);
      if (!file || !authorise || !(await authorise(request, file))) throw notFound();
      const ascii = file.name
        .normalize('NFD')
        .replace(/[^\x20-\x7e]/g, '')
        .replace(/["\\]/g, '');
      return reply
        .type(file.contentType)
        .header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send((await files.open(file.key)) as never);
    },
  );
}
