import { normaliseCccd } from './cccd.ts';
import { normaliseStudentCode } from './student-code.ts';
import { foldForSearch } from './vietnamese-sort.ts';

/**
 * Candidate duplicates among student records (issue 5 §3: "a student is one person across schools
 * and years, deduplicated by CCCD or MOET code, with a merge flow a human confirms"):
 * - same CCCD number → certain;
 * - same MOET student code → certain;
 * - same name (accent-, case- and space-insensitive: 'Nguyen Van An' = 'Nguyễn Văn An', because
 *   older systems exported names without accents) + same date of birth + same birthplace province
 *   → probable.
 * Nothing is merged here: the result is a list for a human. Runs in linear time over the records
 * (hash indexes), so a whole import file can be checked against the province at once.
 */
export interface DedupRecord {
  /** Whatever identifies the record for the caller: a row number, a database id. */
  id: string;
  fullName: string;
  /** 'yyyy-mm-dd' */
  dateOfBirth?: string | null;
  birthProvinceCode?: string | null;
  cccd?: string | null;
  moetCode?: string | null;
}

export type DedupReason = 'cccd' | 'moetCode' | 'nameBirth' | 'nameDob';

export interface DedupOptions {
  /**
   * Also pair records with the same folded name and birth date when one of them has no birthplace
   * province (reason `nameDob`, probable). The duplicate screen uses it: older records and quick
   * enrolments often lack the birthplace. Two different provinces still keep a pair apart.
   */
  nameAndDateOnly?: boolean;
}

export interface DuplicateCandidate {
  /** The two record ids, `a` from the first list (or the earlier one within one list). */
  a: string;
  b: string;
  level: 'certain' | 'probable';
  reasons: DedupReason[];
  /** For certain matches: the fields that disagree (same CCCD, different birth date → look closer). */
  conflicts: Array<'fullName' | 'dateOfBirth' | 'cccd' | 'moetCode'>;
}

const keyOf: Record<DedupReason, (r: DedupRecord) => string | undefined> = {
  cccd: (r) => (r.cccd ? normaliseCccd(r.cccd) || undefined : undefined),
  moetCode: (r) => (r.moetCode ? normaliseStudentCode(r.moetCode) || undefined : undefined),
  nameBirth: (r) =>
    r.fullName && r.dateOfBirth && r.birthProvinceCode
      ? `${foldForSearch(r.fullName)}|${r.dateOfBirth}|${r.birthProvinceCode.trim()}`
      : undefined,
  nameDob: (r) => (r.fullName && r.dateOfBirth ? `${foldForSearch(r.fullName)}|${r.dateOfBirth}` : undefined),
};

const province = (r: DedupRecord) => r.birthProvinceCode?.trim() || undefined;

function conflictsOf(x: DedupRecord, y: DedupRecord): DuplicateCandidate['conflicts'] {
  const out: DuplicateCandidate['conflicts'] = [];
  if (foldForSearch(x.fullName) !== foldForSearch(y.fullName)) out.push('fullName');
  if (x.dateOfBirth && y.dateOfBirth && x.dateOfBirth !== y.dateOfBirth) out.push('dateOfBirth');
  const [cx, cy] = [keyOf.cccd(x), keyOf.cccd(y)];
  if (cx && cy && cx !== cy) out.push('cccd');
  const [mx, my] = [keyOf.moetCode(x), keyOf.moetCode(y)];
  if (mx && my && mx !== my) out.push('moetCode');
  return out;
}

/**
 * Duplicates within `records` (against = undefined), or between `records` and `against` (an import
 * file against the database rows that share any key with it). One candidate per pair, with every
 * reason that matched; certain pairs first, then probable, each in input order.
 */
export function findDuplicates(
  records: readonly DedupRecord[],
  against?: readonly DedupRecord[],
  options: DedupOptions = {},
): DuplicateCandidate[] {
  const pairs = new Map<string, { a: DedupRecord; b: DedupRecord; reasons: Set<DedupReason>; order: number }>();
  let order = 0;
  const position = new Map(records.map((r, i) => [r, i]));
  const reasons: DedupReason[] = options.nameAndDateOnly ? ['cccd', 'moetCode', 'nameBirth', 'nameDob'] : ['cccd', 'moetCode', 'nameBirth'];
  for (const reason of reasons) {
    const index = new Map<string, DedupRecord[]>();
    for (const r of against ?? records) {
      const k = keyOf[reason](r);
      if (k === undefined) continue;
      const list = index.get(k);
      if (list) list.push(r);
      else index.set(k, [r]);
    }
    for (const [i, r] of records.entries()) {
      const k = keyOf[reason](r);
      if (k === undefined) continue;
      for (const other of index.get(k) ?? []) {
        if (other === r || other.id === r.id) continue;
        // within one list, each unordered pair once (the earlier record is `a`)
        if (!against && (position.get(other) ?? -1) < i) continue;
        // name + date only where a birthplace is missing: both present → nameBirth decides
        if (reason === 'nameDob' && province(r) && province(other)) continue;
        const pk = `${r.id}\u0000${other.id}`;
        const p = pairs.get(pk) ?? { a: r, b: other, reasons: new Set<DedupReason>(), order: order++ };
        p.reasons.add(reason);
        pairs.set(pk, p);
      }
    }
  }
  return [...pairs.values()]
    .map((p) => {
      const certain = p.reasons.has('cccd') || p.reasons.has('moetCode');
      return {
        order: p.order,
        candidate: {
          a: p.a.id,
          b: p.b.id,
          level: certain ? 'certain' : 'probable',
          reasons: [...p.reasons],
          conflicts: certain ? conflictsOf(p.a, p.b) : [],
        } satisfies DuplicateCandidate,
      };
    })
    .sort((x, y) => (x.candidate.level === y.candidate.level ? x.order - y.order : x.candidate.level === 'certain' ? -1 : 1))
    .map((x) => x.candidate);
}
