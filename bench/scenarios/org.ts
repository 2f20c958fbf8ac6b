import { modules } from '../../server/src/modules.ts';
import { hashPassword, insertStaffAccounts } from '../../server/src/modules/identity/public.ts';
import { childrenStatement } from '../../server/src/modules/org/children.ts';
import { wrapPostgres } from '../../server/src/platform/db/database.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import { orderSeedSteps, runSeedPipeline, type SeedSize } from '../../server/src/platform/seed/pipeline.ts';
import type { Scenario } from '../lib/types.ts';

/**
 * `npm run bench -- org` (a commune's subtree) and `npm run bench -- org-root` (the department
 * root): an authenticated GET /api/org/units/:id/children — the children with their counts
 * (schools by level, users) — on the province-size data set (`--size province`, the default
 * here; `demo` for a quick try). The baseline answers the same path with the very statement the
 * app's handler runs (`childrenStatement` of the org module: the access check on the parent, the
 * visible children, their counts and abilities, for the same user), sent the same way (a named
 * prepared statement), so the ratio measures what the platform adds around it: session guard,
 * hooks, validation, mapping and serialisation.
 */
const BENCH_PASSWORD = 'Bench-org-2026!';

/** The app handler's statement (its text; the values are the unit, the signed-in user and 'active'). */
const baselineSql = childrenStatement('00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000000', 'active').text;

function orgScenario(name: string, target: 'commune' | 'root'): Scenario {
  const username = `bench.org.${target}`;
  const scenario: Scenario = {
    name,
    description:
      target === 'commune'
        ? "GET /api/org/units/:commune/children as that commune's officer (children + schools by level + users)"
        : 'GET /api/org/units/:department/children with a whole-tree read grant (≈ 140 children with counts)',
    request: { method: 'GET', path: '/api/org/units/00000000-0000-4000-8000-000000000000/children', expectStatus: 200 },
    baselineSql,
    async setup({ pool, size, appUrl }) {
      const database = wrapPostgres(pool);
      const seedSize: SeedSize = size === 'demo' ? 'demo' : 'province';
      const started = performance.now();
      const steps = orderSeedSteps(modules.flatMap((m) => m.seedSteps ?? []));
      await runSeedPipeline(database, steps, { size: seedSize, log: createLogger({ logLevel: 'warn' }) });
      const seedMs = Math.round(performance.now() - started);
      // The commune with the most schools in its subtree, or the department root.
      const { rows } = await pool.query<{ id: string }>(
        target === 'root'
          ? "SELECT id::text AS id FROM org.units WHERE parent_id IS NULL AND type = 'department' ORDER BY code LIMIT 1"
          : `SELECT c.id::text AS id FROM org.units c JOIN org.units s ON s.parent_id = c.id
             WHERE c.type = 'commune' GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1`,
      );
      const unitId = rows[0]!.id;
      // commune_officer has org.unit.read and no MFA; held at the root it reads the whole tree.
      await insertStaffAccounts(database.db, [
        {
          username,
          displayName: 'Bench',
          homeUnitId: unitId,
          roleKey: 'commune_officer',
          passwordHash: await hashPassword(BENCH_PASSWORD, { memoryKib: 19456, timeCost: 2, parallelism: 1 }),
        },
      ]);
      const user = await pool.query<{ id: string }>('SELECT id::text AS id FROM identity.users WHERE username = $1', [username]);
      const userId = user.rows[0]!.id;
      scenario.request.path = `/api/org/units/${unitId}/children`;
      const counts = await pool.query<{ units: number; schools: number; users: number; children: number }>(
        `SELECT (SELECT count(*)::int FROM org.units) AS units, (SELECT count(*)::int FROM org.units WHERE type = 'school') AS schools,
                (SELECT count(*)::int FROM identity.users) AS users, (SELECT count(*)::int FROM org.units WHERE parent_id = $1) AS children`,
        [unitId],
      );
      const res = await fetch(`${appUrl}/api/identity/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: username, password: BENCH_PASSWORD }),
      });
      if (!res.ok) throw new Error(`bench login answered ${res.status}: ${await res.text()}`);
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      return {
        dataSize: { description: `${seedSize} data set; ${target} children`, seedMs, ...counts.rows[0] },
        appHeaders: { cookie },
        baselineContext: { userId },
      };
    },
    baseline(app, pool, context) {
      const { userId } = context as { userId: string };
      app.get('/api/org/units/:id/children', async (request) => {
        const { id } = request.params as { id: string };
        const { name, text, values } = childrenStatement(id, userId, 'active');
        const { rows } = await pool.query({ name, text, values });
        return { items: rows };
      });
    },
  };
  return scenario;
}

export const org = orgScenario('org', 'commune');
export const orgRoot = orgScenario('org-root', 'root');
