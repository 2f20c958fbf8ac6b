import { describe, expect, it } from 'vitest';
import { personNameProblem } from '../person-name.ts';

/** Issue 14 item 6: what a person name may be (pure rule). */
describe('person names', () => {
  it.each([
    'Nguyễn Văn An',
    'Đặng Thu Hà',
    'H’Hen Niê', // Ê Đê names: an apostrophe of either kind
    "Y'Moan Ênuôl",
    'Lê-Nguyễn Minh Châu',
    'Ksor H. Bia',
    'Nguyễn Văn An', // decomposed marks (NFD), as some keyboards type them
    'Александр Пушкин',
    '王小明',
    'Ab',
  ])('accepts %s', (name) => {
    expect(personNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['=HYPERLINK("http://x","An")', 'validation.personNameFormula', { char: '=' }],
    ['+84 Nguyễn', 'validation.personNameFormula', { char: '+' }],
    ['-An', 'validation.personNameFormula', { char: '-' }],
    ['@SUM(A1)', 'validation.personNameFormula', { char: '@' }],
    ['\tNguyễn An', 'validation.personNameFormula', { char: 'U+0009' }],
    ['\rNguyễn An', 'validation.personNameFormula', { char: 'U+000D' }],
    ['Nguyễn Văn An 2', 'validation.personNameCharacter', { char: '2' }],
    ['Nguyễn <b>An</b>', 'validation.personNameCharacter', { char: '<' }],
    ['Nguyễn_An', 'validation.personNameCharacter', { char: '_' }],
    ['Nguyễn\u200bAn', 'validation.personNameCharacter', { char: 'U+200B' }],
    ['Nguyễn\nAn', 'validation.personNameCharacter', { char: 'U+000A' }],
    ["'.'", 'validation.personNameCharacter', { char: "'" }],
    ['A', 'validation.personNameLength', { min: 2, max: 120 }],
    ['An '.repeat(41).trim(), 'validation.personNameLength', { min: 2, max: 120 }],
  ])('refuses %j', (name, code, params) => {
    expect(personNameProblem(name)).toEqual({ code, params });
  });
});
