import { GradebookRuleError, type SchoolLevel, type Tt22Level, type Tt58HanhKiem, type Tt58HocLuc } from './types.ts';

/**
 * Versioned rulesets, keyed by circular and the first school year a version applies to
 * (`tt22-2021@2021-2022`). A result records the id it was computed with, so a past year stays
 * recomputable after a later version changes a parameter: add a new version, never edit an old one.
 *
 * Every parameter carries its provenance (regulations.md §0 tags): [V] verified, [P] partial,
 * [U] unverified — the [U] ones are exactly the configurable defaults an education department may
 * have to change after checking the official text. Scores and thresholds are in tenths (6.5 → 65).
 */

export type Provenance = { tag: 'V' | 'P' | 'U' | 'I'; ref: string; note: string };

/** Where the classification thresholds of one level apply (TT 22 Art. 9, §1.7), in tenths. */
export interface Tt22LevelRule {
  /** Every scored subject at least this (null: no floor). */
  allAtLeast: number;
  /** At least `count` scored subjects at or above `countAtLeast`. */
  countAtLeast: number;
  count: number;
  /** Comment subjects allowed at Chưa đạt. */
  commentFailsAllowed: number;
}

export interface Tt22Ruleset {
  id: 'tt22-2021@2021-2022';
  circular: 'tt22';
  title: string;
  fromSchoolYear: string;
  /** §1.7, Art. 9: Tốt, Khá, Đạt; anything else is Chưa đạt. */
  learningLevels: { T: Tt22LevelRule; K: Tt22LevelRule; D: Tt22LevelRule };
  /**
   * §1.7 adjustment (điều chỉnh), the one interpretation of TT 22 in this engine: when ignoring ONE
   * subject (scored or comment) in the all-subjects conditions would give Tốt or Khá, at least two
   * levels above the actual level, the final level is the actual level + 1. Counts ("at least 6
   * subjects ≥ X") always use every real value.
   */
  adjustment: 'tt22-adjust-actual-plus-one';
  /** §1.5: a comment subject's year result is its HKII result. */
  commentYearRule: 'hk2';
  /** §1.8, Art. 8.2: year rèn luyện level by [HKI][HKII]. */
  yearConduct: Record<Tt22Level, Record<Tt22Level, Tt22Level>>;
  /** §1.9, Art. 12: most absence sessions (buổi) in the year for promotion. */
  maxAbsenceSessions: number;
  /** §1.9, Art. 13: scored subjects re-assessed in summer when ĐTBmcn is below this (tenths). */
  reassessScoredBelow: number;
  /** §1.10, Art. 15: Học sinh Xuất sắc needs `count` scored subjects with ĐTBmcn ≥ `atLeast`. */
  excellentTitle: { atLeast: number; count: number };
  /** §1.10 [P]: at most one year title (Xuất sắc supersedes Giỏi). */
  titleExclusive: boolean;
  /** §1.3 [U]: a "missed" periodic assessment not made up when the window closes counts as this. */
  missedAfterMakeUp: { score: number; comment: 'CD' };
  /** §1.3 [P]: regular (thường xuyên) assessments per semester of a comment subject (at least). */
  commentRegularPerSemester: number;
  /** §1.3 [U]: a THPT study-topic cluster result counts as one ĐĐGtx of its parent subject. */
  clusterCountsAsOneRegular: boolean;
  provenance: Record<string, Provenance>;
}

export interface Tt27Ruleset {
  id: 'tt27-2020@2020-2021';
  circular: 'tt27';
  title: string;
  fromSchoolYear: string;
  /** §2.4, Art. 9.2: every end-of-year test at least this for HTXS / HTT / HT. */
  overallTestMin: { HTXS: number; HTT: number; HT: number };
  /** §2.3 [P]: lowest integer test score (no 0, no decimals). */
  testScoreMin: number;
  /** §2.3 [P]: subjects with end-of-HKI and end-of-year tests, and with mid-term tests, per grade. */
  tests: Record<number, { endOfTerm: string[]; midTerm: string[] }>;
  qualities: Record<string, string>;
  competences: Record<string, string>;
  provenance: Record<string, Provenance>;
}

export interface Tt58Ruleset {
  id: 'tt58-2011+tt26-2020@2020-2021';
  circular: 'tt58';
  title: string;
  fromSchoolYear: string;
  /** §3.2: per level: overall average at least, one of the core subjects at least, no subject below, comment subjects all Đ. */
  hocLuc: Record<Exclude<Tt58HocLuc, 'KEM'>, { average: number; core: number | null; floor: number; commentsAllPass: boolean }>;
  /** §3.2, TT 26 Art. 1: Toán, Ngữ văn, Ngoại ngữ (TT 58 before TT 26: Toán, Ngữ văn only). */
  coreSubjects: string[];
  /** §3.2 [P]: (reached by the average) → (dropped to because of one subject) → adjusted. */
  downgrade: Partial<Record<Tt58HocLuc, Partial<Record<Tt58HocLuc, Tt58HocLuc>>>>;
  /** §3.1 [P]: a comment subject's year result is its HKII result (as in TT 22). */
  commentYearRule: 'hk2';
  /** §3.3 [U]: the year conduct when the homeroom teacher has not set one: the HKII conduct. */
  yearConductRule: 'hk2';
  maxAbsenceSessions: number;
  /** §3.3 [U]: lowest conduct and học lực for promotion. */
  promotionMin: { hanhKiem: Tt58HanhKiem; hocLuc: Tt58HocLuc };
  reexamScoredBelow: number;
  provenance: Record<string, Provenance>;
}

export type Ruleset = Tt22Ruleset | Tt27Ruleset | Tt58Ruleset;
export type RulesetId = Ruleset['id'];

/** Rulesets are immutable: a change is a new version. */
function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

const LV = (allAtLeast: number, countAtLeast: number, count: number, commentFailsAllowed: number): Tt22LevelRule => ({
  allAtLeast,
  countAtLeast,
  count,
  commentFailsAllowed,
});

export const TT22_2021: Tt22Ruleset = deepFreeze({
  id: 'tt22-2021@2021-2022',
  circular: 'tt22',
  title: 'Thông tư 22/2021/TT-BGDĐT (THCS, THPT)',
  fromSchoolYear: '2021-2022',
  learningLevels: { T: LV(65, 80, 6, 0), K: LV(50, 65, 6, 0), D: LV(35, 50, 6, 1) },
  adjustment: 'tt22-adjust-actual-plus-one',
  commentYearRule: 'hk2',
  yearConduct: {
    // [HKI][HKII] — regulations §1.8 table (rows there are HKII).
    T: { T: 'T', K: 'K', D: 'K', CD: 'CD' },
    K: { T: 'T', K: 'K', D: 'D', CD: 'CD' },
    D: { T: 'K', K: 'K', D: 'D', CD: 'CD' },
    CD: { T: 'K', K: 'D', D: 'D', CD: 'CD' },
  },
  maxAbsenceSessions: 45,
  reassessScoredBelow: 50,
  excellentTitle: { atLeast: 90, count: 6 },
  titleExclusive: true,
  missedAfterMakeUp: { score: 0, comment: 'CD' },
  commentRegularPerSemester: 2,
  clusterCountsAsOneRegular: true,
  provenance: {
    learningLevels: { tag: 'V', ref: '§1.7, Art. 9', note: 'Tốt / Khá / Đạt thresholds and the "at least 6 subjects" counts' },
    adjustment: {
      tag: 'I',
      ref: '§1.7, Art. 9 (điều chỉnh)',
      note: 'interpretation: one subject neutralised in the all-subjects conditions, counts use real values, final = actual + 1 level',
    },
    commentYearRule: { tag: 'V', ref: '§1.5, Art. 9.1', note: 'comment subject year result = HKII result' },
    yearConduct: { tag: 'V', ref: '§1.8, Art. 8.2', note: 'year rèn luyện table' },
    maxAbsenceSessions: { tag: 'V', ref: '§1.9, Art. 12', note: 'absences (excused + unexcused) in sessions' },
    reassessScoredBelow: {
      tag: 'V',
      ref: '§1.9, Art. 13',
      note: 're-assess scored subjects with ĐTBmcn < 5.0 and comment subjects Chưa đạt',
    },
    excellentTitle: { tag: 'V', ref: '§1.10, Art. 15', note: 'at least 6 scored subjects with ĐTBmcn ≥ 9.0' },
    titleExclusive: { tag: 'P', ref: '§1.10', note: 'one year title: Xuất sắc supersedes Giỏi' },
    missedAfterMakeUp: { tag: 'U', ref: '§1.3', note: 'missed and not made up: 0 (score subject) / Chưa đạt (comment subject)' },
    commentRegularPerSemester: { tag: 'P', ref: '§1.3', note: 'comment subjects: 2 regular assessments per semester' },
    clusterCountsAsOneRegular: { tag: 'U', ref: '§1.3', note: 'THPT study-topic cluster result = one ĐĐGtx of the parent subject' },
  },
});

const Q = { YEU_NUOC: 'Yêu nước', NHAN_AI: 'Nhân ái', CHAM_CHI: 'Chăm chỉ', TRUNG_THUC: 'Trung thực', TRACH_NHIEM: 'Trách nhiệm' };
const C = {
  TU_CHU_TU_HOC: 'Tự chủ và tự học',
  GIAO_TIEP_HOP_TAC: 'Giao tiếp và hợp tác',
  GQVD_SANG_TAO: 'Giải quyết vấn đề và sáng tạo',
  NGON_NGU: 'Ngôn ngữ',
  TINH_TOAN: 'Tính toán',
  KHOA_HOC: 'Khoa học',
  CONG_NGHE: 'Công nghệ',
  TIN_HOC: 'Tin học',
  THAM_MI: 'Thẩm mĩ',
  THE_CHAT: 'Thể chất',
};
const G45 = { endOfTerm: ['TIENG_VIET', 'TOAN', 'NGOAI_NGU_1', 'LS_DL', 'KHOA_HOC', 'TIN_HOC_CN'], midTerm: ['TIENG_VIET', 'TOAN'] };

export const TT27_2020: Tt27Ruleset = deepFreeze({
  id: 'tt27-2020@2020-2021',
  circular: 'tt27',
  title: 'Thông tư 27/2020/TT-BGDĐT (Tiểu học)',
  fromSchoolYear: '2020-2021',
  overallTestMin: { HTXS: 9, HTT: 7, HT: 5 },
  testScoreMin: 1,
  tests: {
    1: { endOfTerm: ['TIENG_VIET', 'TOAN'], midTerm: [] },
    2: { endOfTerm: ['TIENG_VIET', 'TOAN'], midTerm: [] },
    3: { endOfTerm: ['TIENG_VIET', 'TOAN', 'NGOAI_NGU_1', 'TIN_HOC_CN'], midTerm: [] },
    4: G45,
    5: G45,
  },
  qualities: Q,
  competences: C,
  provenance: {
    overallTestMin: { tag: 'V', ref: '§2.4, Art. 9.2', note: 'HTXS ≥ 9, HTT ≥ 7, HT ≥ 5 in every end-of-year test' },
    testScoreMin: { tag: 'P', ref: '§2.3, Art. 7', note: 'integer 1–10, no decimal scores' },
    tests: { tag: 'P', ref: '§2.3', note: 'tests per grade derived from the subjects of the 2018 curriculum' },
    qualities: { tag: 'V', ref: '§2.2', note: '5 key qualities' },
    competences: { tag: 'V', ref: '§2.2', note: '3 general + 7 specific competences' },
  },
});

export const TT58_26: Tt58Ruleset = deepFreeze({
  id: 'tt58-2011+tt26-2020@2020-2021',
  circular: 'tt58',
  title: 'Thông tư 58/2011/TT-BGDĐT sửa đổi bởi Thông tư 26/2020/TT-BGDĐT (hồ sơ cũ)',
  fromSchoolYear: '2020-2021',
  hocLuc: {
    G: { average: 80, core: 80, floor: 65, commentsAllPass: true },
    K: { average: 65, core: 65, floor: 50, commentsAllPass: true },
    TB: { average: 50, core: 50, floor: 35, commentsAllPass: true },
    Y: { average: 35, core: null, floor: 20, commentsAllPass: false },
  },
  coreSubjects: ['TOAN', 'NGU_VAN', 'NGOAI_NGU_1'],
  downgrade: { G: { TB: 'K', Y: 'TB' }, K: { Y: 'TB', KEM: 'Y' } },
  commentYearRule: 'hk2',
  yearConductRule: 'hk2',
  maxAbsenceSessions: 45,
  promotionMin: { hanhKiem: 'TB', hocLuc: 'TB' },
  reexamScoredBelow: 50,
  provenance: {
    hocLuc: { tag: 'V', ref: '§3.2, TT58 Art. 13 / TT26', note: 'Giỏi/Khá/TB/Yếu thresholds' },
    coreSubjects: { tag: 'V', ref: '§3.2', note: 'TT 26 added Ngoại ngữ to Toán, Ngữ văn' },
    downgrade: { tag: 'P', ref: '§3.2, TT58 Art. 13.5', note: 'downgrade adjustment table (text recalled)' },
    commentYearRule: { tag: 'P', ref: '§3.1', note: 'comment subjects Đ / CĐ; year result = HKII result (as TT 22)' },
    yearConductRule: { tag: 'U', ref: '§3.3', note: 'year conduct mainly from HKII: default = HKII when not set by the homeroom teacher' },
    maxAbsenceSessions: { tag: 'U', ref: '§3.3, TT58 Art. 15', note: 'absences ≤ 45 sessions' },
    promotionMin: { tag: 'U', ref: '§3.3, TT58 Art. 15', note: 'conduct and học lực ≥ Trung bình' },
    reexamScoredBelow: { tag: 'V', ref: '§3.3, TT58 Art. 16', note: 're-exam subjects chosen among ĐTBcn < 5.0 or CĐ' },
  },
});

export const RULESETS: readonly Ruleset[] = [TT22_2021, TT27_2020, TT58_26];

export function rulesetById(id: string): Ruleset {
  const r = RULESETS.find((x) => x.id === id);
  if (!r) throw new GradebookRuleError('gradebook.ruleset.unknown', { id });
  return r;
}

const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/;

/** First calendar year of a school year "2024-2025" (refuses anything else). */
export function startYearOf(schoolYear: string): number {
  const m = SCHOOL_YEAR.exec(schoolYear);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) throw new GradebookRuleError('gradebook.ruleset.badSchoolYear', { schoolYear });
  return Number(m[1]);
}

/** First school year (start year) of TT 22 per grade — roadmap Art. 21 (§1.1). */
const TT22_FROM: Record<number, number> = { 6: 2021, 7: 2022, 10: 2022, 8: 2023, 11: 2023, 9: 2024, 12: 2024 };
/** First school year of TT 27 per grade — roadmap (§2.1). */
const TT27_FROM: Record<number, number> = { 1: 2020, 2: 2021, 3: 2022, 4: 2023, 5: 2024 };
/** TT 26/2020 took effect 11/10/2020: legacy records from 2020-2021 on use TT 58 as amended. */
const TT58_26_FROM = 2020;

const GRADES: Record<SchoolLevel, number[]> = { tieu_hoc: [1, 2, 3, 4, 5], thcs: [6, 7, 8, 9], thpt: [10, 11, 12] };

function forGrade(grade: number, year: number): Ruleset {
  if (grade >= 1 && grade <= 5) {
    if (year >= (TT27_FROM[grade] as number)) return TT27_2020;
    throw new GradebookRuleError('gradebook.ruleset.unsupported', {
      grade,
      schoolYear: `${year}-${year + 1}`,
      circular: 'TT 30/2014, TT 22/2016',
    });
  }
  if (year >= (TT22_FROM[grade] as number)) return TT22_2021;
  if (year >= TT58_26_FROM) return TT58_26;
  throw new GradebookRuleError('gradebook.ruleset.unsupported', {
    grade,
    schoolYear: `${year}-${year + 1}`,
    circular: 'TT 58/2011 (before TT 26/2020)',
  });
}

/**
 * The ruleset of a school level and school year ("2024-2025"). In the roadmap years a level mixes
 * circulars (2022-2023: grade 6–7 TT 22, grade 8–9 TT 58/26), so `grade` is then required.
 */
export function rulesetFor(level: SchoolLevel, schoolYear: string, grade?: number): Ruleset {
  const year = startYearOf(schoolYear);
  const grades = GRADES[level];
  if (!grades) throw new GradebookRuleError('gradebook.ruleset.badLevel', { level });
  if (grade !== undefined) {
    if (!grades.includes(grade)) throw new GradebookRuleError('gradebook.ruleset.badGrade', { level, grade });
    return forGrade(grade, year);
  }
  const ids = new Set(grades.map((g) => forGrade(g, year).id));
  if (ids.size > 1) throw new GradebookRuleError('gradebook.ruleset.gradeRequired', { level, schoolYear });
  return forGrade(grades[0] as number, year);
}
