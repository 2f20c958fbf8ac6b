import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/support/test-db.ts';
import type { Database } from '../../../platform/db/database.ts';
import { ADMIN_UNITS_VERSION, communeGeoJson, loadAdminUnits, referenceDir } from '../reference/load.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

describe('administrative units 2025 (loaded at migrate time)', () => {
  it('has the 34 provinces and 3,321 communes with their kinds', async () => {
    const rows = await database.query<{ level: string; kind: string; n: number }>(
      'SELECT level, kind, count(*)::int AS n FROM org.admin_units GROUP BY 1, 2 ORDER BY 1, 2',
    );
    const by = Object.fromEntries(rows.map((r) => [`${r.level}:${r.kind}`, r.n]));
    expect(by).toEqual({ 'commune:dac_khu': 13, 'commune:phuong': 697, 'commune:xa': 2611, 'province:thanh_pho': 7, 'province:tinh': 27 });
  });

  it('keys communes by the official code list (the two disputed codes)', async () => {
    const rows = await database.query<{ code: string; name: string; province_code: string }>(
      "SELECT code, name, province_code FROM org.admin_units WHERE code IN ('06978', '23938', '06970', '23737') ORDER BY code",
    );
    expect(rows.map((r) => r.code)).toEqual(['06978', '23938']);
    const merges = await database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM org.admin_unit_merges WHERE new_code IN ('06970', '23737')",
    );
    expect(merges[0]?.n).toBe(0);
  });

  it('has Bắc Ninh (24) with its 99 communes and their merges', async () => {
    const [bn] = await database.query<{ name: string; communes: number }>(
      "SELECT p.name, (SELECT count(*)::int FROM org.admin_units c WHERE c.province_code = p.code) AS communes FROM org.admin_units p WHERE p.code = '24'",
    );
    expect(bn).toEqual({ name: 'Bắc Ninh', communes: 99 });
    const merges = await database.query<{ total: number; partial: number; provinces: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE merge_type = 'partial')::int AS partial,
              count(*) FILTER (WHERE length(new_code) = 2)::int AS provinces FROM org.admin_unit_merges`,
    );
    expect(merges[0]).toEqual({ total: 10_667, partial: 1012, provinces: 63 });
    const [old] = await database.query<{ old_code: string }>("SELECT old_code FROM org.admin_unit_merges WHERE new_code = '24' ORDER BY 1");
    expect(old?.old_code).toBe('24');
  });

  it('skips when already at the current version and reloads when the version differs', async () => {
    expect(await loadAdminUnits(database)).toEqual({ loaded: false });
    await database.exec("UPDATE org.reference_data SET version = 'old' WHERE name = 'admin-units'");
    const started = performance.now();
    expect(await loadAdminUnits(database)).toEqual({ loaded: true });
    expect(performance.now() - started).toBeLessThan(15_000);
    const [v] = await database.query<{ version: string; rows: number }>(
      "SELECT version, rows FROM org.reference_data WHERE name = 'admin-units'",
    );
    expect(v).toEqual({ version: ADMIN_UNITS_VERSION, rows: 3355 });
    const [n] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM org.admin_units');
    expect(n?.n).toBe(3355);
  });

  it('ships the commune polygons of the demo province, one per commune code', async () => {
    const geo = JSON.parse(communeGeoJson()) as { features: { id: string }[] };
    const codes = await database.query<{ code: string }>("SELECT code FROM org.admin_units WHERE province_code = '24' ORDER BY code");
    expect(geo.features.map((f) => f.id).sort()).toEqual(codes.map((c) => c.code));
    for (const f of ['README.md', 'LICENSE', 'LICENSE-merges']) expect(fs.existsSync(path.join(referenceDir, f))).toBe(true);
  });
});
