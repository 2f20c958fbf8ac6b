import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../platform/db/database.ts';
import { depthOf, pathUnder } from '../rules/tree.ts';
import type { PlannedUnit } from './plan.ts';

/** A stable id per unit code, so two runs from an empty database build the same tree. */
export function seedUnitId(code: string): string {
  const h = createHash('sha256').update(`org.unit:${code}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((Number.parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Upserts planned units by code, parents before children. An existing unit keeps its id, its
 * place in the tree (a person may have moved it) and its status; its name, level, ownership and
 * commune follow the plan. Returns how many rows were inserted or changed.
 */
export async function writePlan(q: Queryable, plan: readonly PlannedUnit[]): Promise<{ written: number }> {
  const placed = new Map<string, { id: string; path: string }>();
  let written = 0;
  const pending = [...plan];
  while (pending.length > 0) {
    const ready = pending.filter((u) => u.parentCode === null || placed.has(u.parentCode));
    if (ready.length === 0) throw new Error(`seed plan has units without a parent: ${pending[0]?.code}`);
    for (let i = 0; i < ready.length; i += 500) {
      const chunk = ready.slice(i, i + 500);
      const values = sql.join(
        chunk.map((u) => {
          const id = seedUnitId(u.code);
          const path = pathUnder(u.parentCode ? placed.get(u.parentCode)!.path : null, id);
          const parentId = u.parentCode ? placed.get(u.parentCode)!.id : null;
          return sql`(${id}::uuid, ${parentId}::uuid, ${path}, ${depthOf(path)}, ${u.type}, ${u.code}, ${u.name}, ${u.adminUnitCode}, ${u.schoolLevel}, ${u.ownership})`;
        }),
        sql`, `,
      );
      const result = await q.execute(sql`
        INSERT INTO org.units AS t (id, parent_id, path, depth, type, code, name, admin_unit_code, school_level, ownership)
        VALUES ${values}
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, admin_unit_code = excluded.admin_unit_code,
          school_level = excluded.school_level, ownership = excluded.ownership,
          version = t.version + 1, updated_at = now()
        WHERE (t.name, t.admin_unit_code, t.school_level, t.ownership)
          IS DISTINCT FROM (excluded.name, excluded.admin_unit_code, excluded.school_level, excluded.ownership)
        RETURNING id`);
      written += result.rows.length;
      const codes = chunk.map((u) => u.code);
      const rows = await q.execute(sql`
        SELECT id::text AS id, path, code FROM org.units WHERE code = ANY(${`{${codes.map((c) => `"${c}"`).join(',')}}`}::text[])`);
      for (const r of rows.rows as { id: string; path: string; code: string }[]) placed.set(r.code, { id: r.id, path: r.path });
    }
    const done = new Set(ready.map((u) => u.code));
    pending.splice(0, pending.length, ...pending.filter((u) => !done.has(u.code)));
  }
  return { written };
}
