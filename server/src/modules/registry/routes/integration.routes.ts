import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayInVietnam } from '../../../platform/calendar.ts';
import { notFound } from '../../../platform/errors.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { apiClientOf } from '../../identity/public.ts';
import { findUnit } from '../../org/public.ts';
import { openStatuses } from '../access.ts';

export const ROSTER_SCOPE = 'registry.roster.read';

const roster = z
  .object({
    school: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
    startYear: z.number().int(),
    classes: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        gradeNo: z.number().int(),
        // Whitelist for integrators (LMS rostering): no CCCD, address, guardians or health data.
        students: z.array(z.object({ id: z.uuid(), schoolCode: z.string().nullable(), fullName: z.string(), sex: z.string().nullable() })),
      }),
    ),
  })
  .meta({ id: 'IntegrationRoster' });

/** The school year running on a day: from August a new one (the facilities template uses the same rule). */
const currentStartYear = (today: string) => Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 8 ? 0 : 1);

/**
 * Read-only roster export for integrators (learning platforms, devices): the classes of a school
 * with their enrolled students, for an API client given `registry.roster.read` at the school or
 * a unit above it. A school outside the client's unit answers 404, as a missing one.
 */
export async function integrationRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.platform;

  r.get(
    '/integration/schools/:schoolId/roster',
    {
      config: { apiScope: ROSTER_SCOPE },
      schema: {
        tags: ['registry', 'integration'],
        summary: 'Classes and students of a school (API clients with registry.roster.read; Authorization: Bearer)',
        security: [{ apiClient: [] }],
        params: z.strictObject({ schoolId: z.uuid() }),
        querystring: z.strictObject({ startYear: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: roster, 401: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const client = apiClientOf(request);
      const school = await findUnit(database.db, request.params.schoolId);
      if (school?.type !== 'school' || !school.path.startsWith(client.unitPath)) throw notFound();
      const startYear = request.query.startYear ?? currentStartYear(todayInVietnam());
      const { rows } = await database.db.execute<{
        classId: string;
        className: string;
        gradeNo: number;
        id: string | null;
        schoolCode: string | null;
        fullName: string | null;
        sex: string | null;
      }>(sql`
        SELECT c.id AS "classId", c.name AS "className", c.grade_no AS "gradeNo", s.id, s.school_code AS "schoolCode", s.full_name AS "fullName", s.sex
        FROM registry.classes c JOIN registry.school_years y ON y.id = c.school_year_id
        LEFT JOIN registry.enrolments e ON e.class_id = c.id AND e.status IN ${openStatuses}
        LEFT JOIN registry.students s ON s.id = e.student_id
        WHERE c.school_id = ${school.id} AND y.start_year = ${startYear}
        ORDER BY c.grade_no, c.name, s.sort_key COLLATE "C", s.id`);
      const classes = new Map<string, z.infer<typeof roster>['classes'][number]>();
      for (const row of rows) {
        let cls = classes.get(row.classId);
        if (!cls) {
          cls = { id: row.classId, name: row.className, gradeNo: row.gradeNo, students: [] };
          classes.set(row.classId, cls);
        }
        if (row.id) cls.students.push({ id: row.id, schoolCode: row.schoolCode, fullName: row.fullName!, sex: row.sex });
      }
      return { school: { id: school.id, code: school.code, name: school.name }, startYear, classes: [...classes.values()] };
    },
  );
}
