// Builds the compact reference files the platform ships from the public datasets described in
// README.md. Run again when a dataset is updated, then raise ADMIN_UNITS_VERSION in
// server/src/modules/org/reference/load.ts so running installations reload it:
//   node server/data/admin-units/convert.mjs ../shared/data/admin-units-2025
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.resolve(process.argv[2] ?? path.join(here, '../../../../shared/data/admin-units-2025'));
const read = (f) => JSON.parse(fs.readFileSync(path.join(source, f), 'utf8'));

// AdministrativeUnitShortName gives the kind; `Type` is "ward" for every commune and says nothing.
const kinds = { 'Tỉnh': 'tinh', 'Thành phố': 'thanh_pho', 'Xã': 'xa', 'Phường': 'phuong', 'Đặc khu': 'dac_khu' };
const kindOf = (u) => {
  const k = kinds[u.AdministrativeUnitShortName];
  if (!k) throw new Error(`unknown kind ${u.AdministrativeUnitShortName} for ${u.Code}`);
  return k;
};

const provinces = read('vn-units-2025.json');
const out = { source: 'thanglequoc/vietnamese-provinces-database (MIT), Decision 19/2025/QĐ-TTg', provinces: [], communes: [] };
for (const p of provinces) {
  out.provinces.push([p.Code, kindOf(p), p.Name, p.FullName, p.NameEn]);
  for (const w of p.Wards) out.communes.push([w.Code, p.Code, kindOf(w), w.Name, w.FullName, w.NameEn]);
}
const communeCodes = new Set(out.communes.map((c) => c[0]));

// The merges dataset (dvhcvn) uses two commune codes that the code list above does not
// (Xã Ba Chẽ, Quảng Ninh: 06970 there, 06978 here; Xã Ia Mơ, Gia Lai: 23737 there, 23938 here).
// Everything is keyed by the code list's codes.
const codeFixes = { '06970': '06978', '23737': '23938' };
const merges = read('old-to-new-merges.json');
const rows = [];
for (const l1 of merges.data) {
  for (const m of l1.merges) rows.push([l1.level1_id, m.old_id, m.name, m.type === 'full' ? 'f' : 'p']);
  for (const l2 of l1.level2s) {
    const code = codeFixes[l2.level2_id] ?? l2.level2_id;
    if (!communeCodes.has(code)) throw new Error(`merge target ${l2.level2_id} is not a known commune`);
    for (const m of l2.merges) rows.push([code, m.old_id, m.name, m.type === 'full' ? 'f' : 'p']);
  }
}

fs.writeFileSync(path.join(here, 'units.json'), `${JSON.stringify(out)}\n`);
fs.writeFileSync(
  path.join(here, 'merges.json'),
  `${JSON.stringify({ source: 'dvhcvn/20250701 (MIT)', columns: ['newCode', 'oldCode', 'oldName', 'f=full|p=partial'], rows })}\n`,
);
// The demo province's commune polygons, for the map (id = commune code).
fs.copyFileSync(path.join(source, 'bac-ninh-communes.geojson'), path.join(here, 'bac-ninh-communes.geojson'));
console.log(`${out.provinces.length} provinces, ${out.communes.length} communes, ${rows.length} merge rows`);
