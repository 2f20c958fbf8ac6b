import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayScore,
  formatCell,
  formatScore,
  parseCommentCell,
  parseCommentResult,
  parseIntegerScore,
  parseIntegerScoreCell,
  parseScore,
  parseScoreCell,
  parseTt27QcLevel,
  parseTt27SubjectLevel,
} from './score-input.ts';
import { Dec } from './tenths.ts';
import { GradebookRuleError, MISSED } from './types.ts';

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

describe('parseScore — a score typed by a teacher (TT 22 Art. 5, regulations §1.2)', () => {
  it.each([
    ['7.5', '7.5'],
    ['7,5', '7.5'], // Vietnamese decimal comma
    [' 7,5 ', '7.5'],
    ['\u00a08\u00a0', '8.0'], // no-break spaces from an Excel paste
    ['7', '7.0'],
    ['0', '0.0'],
    ['-0', '0.0'],
    ['10', '10.0'],
    ['10.0', '10.0'],
    ['7.50', '7.5'], // a trailing zero loses nothing
    ['07.5', '7.5'],
    ['9.9', '9.9'],
    ['0,1', '0.1'],
  ])('%j → %s', (input, value) => expect(parseScore(input)).toEqual({ ok: true, value }));

  it.each([
    ['7.25', 'gradebook.score.tooManyDecimals'], // two decimals: refused, never rounded
    ['7,25', 'gradebook.score.tooManyDecimals'],
    ['0.05', 'gradebook.score.tooManyDecimals'],
    ['11', 'gradebook.score.outOfRange'],
    ['10.1', 'gradebook.score.outOfRange'],
    ['-1', 'gradebook.score.outOfRange'],
    ['-0.5', 'gradebook.score.outOfRange'],
    ['100', 'gradebook.score.outOfRange'],
    ['abc', 'gradebook.score.notANumber'],
    ['bảy', 'gradebook.score.notANumber'],
    ['7.5.1', 'gradebook.score.notANumber'],
    ['7,5,1', 'gradebook.score.notANumber'],
    ['1e1', 'gradebook.score.notANumber'],
    ['.5', 'gradebook.score.notANumber'],
    ['7.', 'gradebook.score.notANumber'],
    ['NaN', 'gradebook.score.notANumber'],
    ['Infinity', 'gradebook.score.notANumber'],
    ['7 5', 'gradebook.score.notANumber'],
    ['M', 'gradebook.score.notANumber'], // the missed marker only in a cell
    ['', 'gradebook.score.empty'],
    ['   ', 'gradebook.score.empty'],
  ])('%j → %s', (input, error) => expect(code(parseScore(input))).toBe(error));

  it('carries the input and the bounds as parameters of the message', () => {
    expect(parseScore('11')).toEqual({
      ok: false,
      error: { code: 'gradebook.score.outOfRange', params: { input: '11', min: '0', max: '10' } },
    });
    expect(parseScore('7,25')).toEqual({
      ok: false,
      error: { code: 'gradebook.score.tooManyDecimals', params: { input: '7,25', decimals: 1 } },
    });
  });
});

describe('parseIntegerScore — TT 27 test scores, no decimals (Art. 7, regulations §2.3)', () => {
  it.each([
    ['7', '7'],
    ['10', '10'],
    ['1', '1'],
    ['7,0', '7'],
    [' 9 ', '9'],
  ])('%j → %s', (input, value) => expect(parseIntegerScore(input)).toEqual({ ok: true, value }));

  it.each([
    ['7,5', 'gradebook.score.notAnInteger'],
    ['7.25', 'gradebook.score.notAnInteger'],
    ['0', 'gradebook.score.outOfRange'], // testScoreMin 1 by default
    ['11', 'gradebook.score.outOfRange'],
    ['-1', 'gradebook.score.outOfRange'],
    ['chín', 'gradebook.score.notANumber'],
    ['', 'gradebook.score.empty'],
  ])('%j → %s', (input, error) => expect(code(parseIntegerScore(input))).toBe(error));

  it('takes the minimum from the ruleset', () => {
    expect(parseIntegerScore('0', { min: 0 })).toEqual({ ok: true, value: '0' });
  });
});

describe('cells: the "missed, make-up pending" marker is distinct from 0 (§1.3)', () => {
  it.each(['M', 'm', 'vắng', 'Vắng', 'VANG'])('%j is missed', (input) => {
    expect(parseScoreCell(input)).toEqual({ ok: true, value: MISSED });
    expect(parseCommentCell(input)).toEqual({ ok: true, value: MISSED });
    expect(parseIntegerScoreCell(input)).toEqual({ ok: true, value: MISSED });
  });
  it('0 stays a score', () => {
    expect(parseScoreCell('0')).toEqual({ ok: true, value: '0.0' });
    expect(MISSED).not.toBe('0.0');
  });
  it('cells still refuse bad scores', () => {
    expect(code(parseScoreCell('7.25'))).toBe('gradebook.score.tooManyDecimals');
    expect(code(parseIntegerScoreCell('7,5'))).toBe('gradebook.score.notAnInteger');
  });
  it('formats cells canonically', () => {
    expect([formatCell('7.5'), formatCell(MISSED), formatCell('D'), formatCell('CD')]).toEqual(['7.5', 'M', 'D', 'CD']);
  });
});

describe('comment-subject results and TT 27 levels', () => {
  it.each([
    ['Đ', 'D'],
    ['Đạt', 'D'],
    ['đạt', 'D'],
    ['D', 'D'],
    ['dat', 'D'],
    ['CĐ', 'CD'],
    ['Chưa đạt', 'CD'],
    ['chua dat', 'CD'],
    ['CD', 'CD'],
  ])('%j → %s', (input, value) => expect(parseCommentResult(input)).toEqual({ ok: true, value }));
  it.each(['7', 'Tốt', 'X', 'Khá'])('%j is not a comment result', (input) =>
    expect(code(parseCommentResult(input))).toBe('gradebook.comment.invalid'),
  );
  it('empty comment', () => expect(code(parseCommentResult(' '))).toBe('gradebook.score.empty'));

  it.each([
    ['HTT', 'HTT'],
    ['Hoàn thành tốt', 'HTT'],
    ['ht', 'HT'],
    ['Hoàn thành', 'HT'],
    ['CHT', 'CHT'],
    ['Chưa hoàn thành', 'CHT'],
  ])('TT 27 subject level %j → %s', (input, value) => expect(parseTt27SubjectLevel(input)).toEqual({ ok: true, value }));
  it.each([
    ['T', 'T'],
    ['Tốt', 'T'],
    ['Đ', 'D'],
    ['Đạt', 'D'],
    ['C', 'C'],
    ['Cần cố gắng', 'C'],
  ])('TT 27 quality/competence %j → %s', (input, value) => expect(parseTt27QcLevel(input)).toEqual({ ok: true, value }));
  it('refuses other levels', () => {
    expect(code(parseTt27SubjectLevel('Giỏi'))).toBe('gradebook.level.invalid');
    expect(code(parseTt27QcLevel('Khá'))).toBe('gradebook.level.invalid');
    expect(code(parseTt27QcLevel(''))).toBe('gradebook.score.empty');
  });
});

describe('formatScore and displayScore', () => {
  it('formats canonical strings and Decimals', () => {
    expect(formatScore('7.5')).toBe('7.5');
    expect(formatScore(new Dec('7'))).toBe('7.0');
    expect(formatScore(new Dec('10.00'))).toBe('10.0');
  });
  it('refuses to round a two-decimal value', () => {
    expect(() => formatScore(new Dec('7.05'))).toThrow(GradebookRuleError);
  });
  it('displays with the Vietnamese decimal comma', () => {
    expect(displayScore('7.5')).toBe('7,5');
    expect(displayScore('7.5', 'en')).toBe('7.5');
  });
});

describe('properties', () => {
  const tenths = fc.integer({ min: 0, max: 100 });
  it('format ∘ parse round-trips every valid score, in both separators', () => {
    fc.assert(
      fc.property(tenths, fc.boolean(), (t, comma) => {
        const text = `${Math.floor(t / 10)}${comma ? ',' : '.'}${t % 10}`;
        const parsed = parseScore(text);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parseScore(parsed.value)).toEqual(parsed); // canonical is a fixed point
        expect(new Dec(parsed.value).equals(new Dec(text.replace(',', '.')))).toBe(true);
        expect(parseScore(displayScore(parsed.value))).toEqual(parsed);
      }),
    );
  });
  it('accepts exactly the decimals in [0, 10] with at most one decimal, never rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: 0, max: 3 }), (n, scale) => {
        const d = new Dec(n).dividedBy(10 ** scale);
        const text = d.toFixed(scale);
        const r = parseScore(text);
        const valid = d.gte(0) && d.lte(10) && d.times(10).isInteger();
        expect(r.ok).toBe(valid);
        if (r.ok) expect(new Dec(r.value).equals(d)).toBe(true);
      }),
    );
  });
});
