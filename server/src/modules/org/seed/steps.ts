import { sql } from 'drizzle-orm';
import { recordAudit, systemActor } from '../../../platform/audit.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { demoProvinceCode } from './demo.ts';
import { type CommuneFacts, planProvince } from './plan.ts';
import { staffAccountsStep } from './staff.ts';
import { writePlan } from './write.ts';

/** The communes of a province with the names of the pre-2025 communes each was formed from. */
export async function communeFacts(q: Queryable, provinceCode: string): Promise<CommuneFacts[]> {
  const result = await q.execute(sql`
    SELECT au.code, au.full_name AS "fullName",
      coalesce(array_agg(m.old_name ORDER BY m.old_code) FILTER (WHERE m.merge_type = 'full'), '{}') AS "oldNames"
    FROM org.admin_units au LEFT JOIN org.admin_unit_merges m ON m.new_code = au.code
    WHERE au.level = 'commune' AND au.province_code = ${provinceCode}
    GROUP BY au.code, au.full_name ORDER BY au.code`);
  return result.rows as unknown as CommuneFacts[];
}

/** The department, its divisions, the province's communes and its schools (demo ≈ 30, province ≈ 700). */
export const orgTreeStep: SeedStep = {
  id: 'org.tree',
  version: 1,
  async run({ tx, size, seed, log }) {
    const communes = await communeFacts(tx, demoProvinceCode);
    if (communes.length === 0) throw new Error(`no communes of province ${demoProvinceCode}: reference data not loaded`);
    const plan = planProvince(seed, size, demoProvinceCode, communes);
    const { written } = await writePlan(tx, plan);
    const schools = plan.filter((u) => u.type === 'school').length;
    await recordAudit(tx, systemActor('seed'), {
      action: 'org.unit.seed',
      entityType: 'org.unit',
      bulk: { counts: { planned: plan.length, schools, written }, source: `seed:${size}:${seed}` },
    });
    log.info({ units: plan.length, schools, written }, 'organisation tree seeded');
  },
};

export const orgSeedSteps: readonly SeedStep[] = [orgTreeStep, staffAccountsStep];
