import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { adminUnitMerges, type adminUnits, referenceData } from '../schema.ts';

/** Raise when server/data/admin-units changes: running installations reload at their next start. */
export const ADMIN_UNITS_VERSION = '2025-07-01+2026-07-25.1';
export const referenceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../data/admin-units');
const VALID_FROM = '2025-07-01';

type ProvinceRow = [code: string, kind: string, name: string, fullName: string, nameEn: string];
type CommuneRow = [code: string, provinceCode: string, kind: string, name: string, fullName: string, nameEn: string];
type MergeRow = [newCode: string, oldCode: string, oldName: string, type: 'f' | 'p'];

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(referenceDir, file), 'utf8')) as T;

/**
 * Loads the administrative units and the 2025 merges into org.admin_units / org.admin_unit_merges.
 * Runs after every migration pass: one indexed read when the version is current; otherwise
 * upserts units (organisation units reference them) and replaces the merges, in one transaction.
 */
export async function loadAdminUnits(database: Database): Promise<{ loaded: boolean }> {
  const current = await database.query<{ version: string }>("SELECT version FROM org.reference_data WHERE name = 'admin-units'");
  if (current[0]?.version === ADMIN_UNITS_VERSION) return { loaded: false };
  const units = readJson<{ provinces: ProvinceRow[]; communes: CommuneRow[] }>('units.json');
  const merges = readJson<{ rows: MergeRow[] }>('merges.json');
  const rows = [
    ...units.provinces.map(([code, kind, name, fullName, nameEn]) => ({
      code,
      level: 'province' as const,
      kind,
      name,
      fullName,
      nameEn,
      provinceCode: null,
      validFrom: VALID_FROM,
    })),
    ...units.communes.map(([code, provinceCode, kind, name, fullName, nameEn]) => ({
      code,
      level: 'commune' as const,
      kind,
      name,
      fullName,
      nameEn,
      provinceCode,
      validFrom: VALID_FROM,
    })),
  ];
  await database.db.transaction(async (tx) => {
    await writeAdminUnits(tx, rows, merges.rows);
  });
  return { loaded: true };
}

/** One statement per table: the rows travel as one JSON parameter (fast on PGlite and on a server). */
async function writeAdminUnits(tx: Queryable, rows: (typeof adminUnits.$inferInsert)[], merges: MergeRow[]): Promise<void> {
  await tx.execute(sql`
    INSERT INTO org.admin_units (code, level, kind, name, full_name, name_en, province_code, valid_from)
    SELECT r.code, r.level, r.kind, r.name, r."fullName", r."nameEn", r."provinceCode", r."validFrom"::date
    FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS r(code text, level text, kind text, name text, "fullName" text, "nameEn" text, "provinceCode" text, "validFrom" text)
    ON CONFLICT (code) DO UPDATE SET level = excluded.level, kind = excluded.kind, name = excluded.name,
      full_name = excluded.full_name, name_en = excluded.name_en, province_code = excluded.province_code,
      valid_from = excluded.valid_from`);
  await tx.delete(adminUnitMerges);
  await tx.execute(sql`
    INSERT INTO org.admin_unit_merges (new_code, old_code, old_name, merge_type)
    SELECT r->>0, r->>1, r->>2, CASE r->>3 WHEN 'f' THEN 'full' ELSE 'partial' END
    FROM json_array_elements(${JSON.stringify(merges)}::json) AS r`);
  for (const [name, count] of [
    ['admin-units', rows.length],
    ['admin-unit-merges', merges.length],
  ] as const) {
    await tx
      .insert(referenceData)
      .values({ name, version: ADMIN_UNITS_VERSION, rows: count })
      .onConflictDoUpdate({ target: referenceData.name, set: { version: ADMIN_UNITS_VERSION, rows: count, loadedAt: new Date() } });
  }
}

let geojsonCache: string | undefined;
/** The demo province's commune polygons (GeoJSON text, id = commune code). */
export function communeGeoJson(): string {
  geojsonCache ??= fs.readFileSync(path.join(referenceDir, 'bac-ninh-communes.geojson'), 'utf8');
  return geojsonCache;
}
