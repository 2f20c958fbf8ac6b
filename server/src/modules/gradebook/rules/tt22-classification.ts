import type { Tt22LevelRule, Tt22Ruleset } from './rulesets.ts';
import { type Tenths, tenthsOf } from './tenths.ts';
import { type CommentResult, GradebookRuleError, type SubjectCode, TT22_LEVELS, type Tt22Level, type ScoreValue } from './types.ts';

/**
 * TT 22/2021 learning-result level (kết quả học tập) per semester or year, Art. 9 (regulations.md
 * §1.7), with the one-subject adjustment, and the year training (rèn luyện) level, Art. 8 (§1.8).
 */

export interface LearningLevel {
  /** The level recorded. */
  level: Tt22Level;
  /** The level the conditions give before the adjustment. */
  actual: Tt22Level;
  /** Set when the adjustment raised the level (ruleset.adjustment names the interpretation). */
  adjustment: null | { rule: Tt22Ruleset['adjustment']; subject: SubjectCode; potential: Tt22Level };
}

const rank = (l: Tt22Level): number => TT22_LEVELS.indexOf(l);

/** Scored averages (tenths) and comment results, with the subject codes in the same order. */
export interface ClassifyInput {
  scoredCodes: readonly SubjectCode[];
  scored: readonly Tenths[];
  commentCodes: readonly SubjectCode[];
  /** true = Đạt. */
  commentPass: readonly boolean[];
}

function meets(rule: Tt22LevelRule, s: readonly Tenths[], c: readonly boolean[], ignoreScored: number, ignoreComment: number): boolean {
  let fails = 0;
  for (let i = 0; i < c.length; i++) if (i !== ignoreComment && !c[i]) fails++;
  if (fails > rule.commentFailsAllowed) return false;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const v = s[i] as number;
    if (v >= rule.countAtLeast) n++; // counts use every real value, the ignored subject included
    if (i !== ignoreScored && v < rule.allAtLeast) return false;
  }
  return n >= rule.count;
}

/** classify(scored, comment, ignore) of regulations §1.7 / Appendix A. */
function classifyIgnoring(x: ClassifyInput, rules: Tt22Ruleset['learningLevels'], ignoreScored: number, ignoreComment: number): Tt22Level {
  if (meets(rules.T, x.scored, x.commentPass, ignoreScored, ignoreComment)) return 'T';
  if (meets(rules.K, x.scored, x.commentPass, ignoreScored, ignoreComment)) return 'K';
  if (meets(rules.D, x.scored, x.commentPass, ignoreScored, ignoreComment)) return 'D';
  return 'CD';
}

/**
 * The level with the adjustment rule — the one interpretation of TT 22 in this engine, named
 * `tt22-adjust-actual-plus-one` in the ruleset: "if the level is lowered by 2 or more levels
 * compared with Tốt or Khá solely because of one single subject, it is raised to the adjacent
 * level". Each subject (scored first, then comment, in input order) is neutralised in turn in the
 * all-subjects conditions; if that gives Tốt or Khá at least 2 levels above the actual level, the
 * final level is actual + 1.
 */
export function classifyLearningTenths(x: ClassifyInput, ruleset: Tt22Ruleset): LearningLevel {
  const rules = ruleset.learningLevels;
  const actual = classifyIgnoring(x, rules, -1, -1);
  const a = rank(actual);
  if (a <= rank('D')) {
    // only Chưa đạt or Đạt can be two levels below Khá or Tốt
    const subjects = x.scored.length + x.commentPass.length;
    for (let k = 0; k < subjects; k++) {
      const isScored = k < x.scored.length;
      const potential = isScored ? classifyIgnoring(x, rules, k, -1) : classifyIgnoring(x, rules, -1, k - x.scored.length);
      if ((potential === 'T' || potential === 'K') && rank(potential) - a >= 2) {
        const subject = (isScored ? x.scoredCodes[k] : x.commentCodes[k - x.scored.length]) as string;
        return { level: TT22_LEVELS[a + 1] as Tt22Level, actual, adjustment: { rule: ruleset.adjustment, subject, potential } };
      }
    }
  }
  return { level: actual, actual, adjustment: null };
}

/**
 * Learning level of a semester (ĐTBmhk) or year (ĐTBmcn), Art. 9 (§1.7): scored subjects' averages
 * by subject code, comment subjects' results (D / CD). Example §1.12 Ex. 5: Tin học 4.8 → actual
 * Đạt, ignoring Tin học Tốt → final Khá.
 */
export function classifyLearning(
  scored: Readonly<Record<SubjectCode, ScoreValue>>,
  comment: Readonly<Record<SubjectCode, CommentResult>>,
  ruleset: Tt22Ruleset,
): LearningLevel {
  const scoredCodes = Object.keys(scored);
  const commentCodes = Object.keys(comment);
  for (const c of commentCodes) {
    if (c in scored) throw new GradebookRuleError('gradebook.subject.twice', { subject: c });
    if (comment[c] !== 'D' && comment[c] !== 'CD')
      throw new GradebookRuleError('gradebook.comment.invalid', { subject: c, input: comment[c] });
  }
  return classifyLearningTenths(
    {
      scoredCodes,
      scored: scoredCodes.map((c) => {
        const t = tenthsOf(scored[c] as ScoreValue);
        if (t < 0 || t > 100) throw new GradebookRuleError('gradebook.score.outOfRange', { subject: c });
        return t;
      }),
      commentCodes,
      commentPass: commentCodes.map((c) => comment[c] === 'D'),
    },
    ruleset,
  );
}

/** Year training (rèn luyện) level from HKI and HKII, Art. 8.2 table (§1.8): Khá, Tốt → Tốt. */
export function yearConduct(hk1: Tt22Level, hk2: Tt22Level, ruleset: Tt22Ruleset): Tt22Level {
  const v = ruleset.yearConduct[hk1]?.[hk2];
  if (!v) throw new GradebookRuleError('gradebook.level.invalid', { hk1, hk2 });
  return v;
}
