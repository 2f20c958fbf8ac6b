import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVietnameseNames, foldForSearch, splitFullName, syllableKey, vietnameseSortKey } from './vietnamese-sort.ts';

const byKey = (names: string[]) =>
  [...names].sort((a, b) => (vietnameseSortKey(a) < vietnameseSortKey(b) ? -1 : vietnameseSortKey(a) > vietnameseSortKey(b) ? 1 : 0));
const byComparator = (names: string[]) => [...names].sort(compareVietnameseNames);

describe('splitFullName', () => {
  it.each([
    ['Nguyễn Văn An', { surname: 'Nguyễn', middle: 'Văn', given: 'An' }],
    ['  Trần   Thị  Ngọc   Ánh ', { surname: 'Trần', middle: 'Thị Ngọc', given: 'Ánh' }],
    ['Lê Na', { surname: 'Lê', middle: '', given: 'Na' }],
    ['Hùng', { surname: '', middle: '', given: 'Hùng' }],
    ['', { surname: '', middle: '', given: '' }],
    ['Ksor H\u2019Hen', { surname: 'Ksor', middle: '', given: 'H\u2019Hen' }],
  ])('%j → %j', (name, parts) => {
    expect(splitFullName(name)).toEqual(parts);
  });

  it('returns NFC words whatever the input form', () => {
    expect(splitFullName('Nguyễn Văn Ân'.normalize('NFD')).given).toBe('Ân'.normalize('NFC'));
  });
});

describe('letters: the Vietnamese alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (CLDR vi.xml primary)', () => {
  it.each([
    ['An', 'Anh'], // a prefix comes first
    ['Anh', 'Ăn'], // ă is a letter after every a-word
    ['Ăn', 'Ân'],
    ['Ân', 'Bình'],
    ['Dũng', 'Đạt'], // đ after every d-word
    ['Duy', 'Đức'],
    ['Em', 'Ênh'],
    ['Ênh', 'Giang'], // no f in the Vietnamese alphabet; g follows ê
    ['Oanh', 'Ôn'],
    ['Ôn', 'Ơn'],
    ['Uyên', 'Ưng'],
    ['Ưng', 'Vân'],
    ['Xuân', 'Yến'],
    ['Tuấn', 'Tư'], // ư > u at the 2nd letter, even though 'tuấn' has more letters
    ['Trâm', 'Trí'],
  ])('%s < %s', (a, b) => {
    expect(compareVietnameseNames(a, b)).toBeLessThan(0);
    expect(vietnameseSortKey(a) < vietnameseSortKey(b)).toBe(true);
  });
});

describe('tones: ngang < huyền < hỏi < ngã < sắc < nặng, after the letters of the syllable (CLDR vi.xml secondary)', () => {
  it('orders one syllable through the six tones', () => {
    const six = ['Ma', 'Mà', 'Mả', 'Mã', 'Má', 'Mạ'];
    expect(byKey([...six].reverse())).toEqual(six);
    expect(byComparator([...six].reverse())).toEqual(six);
  });

  it.each([
    ['An', 'Án'], // same letters: the tone decides
    ['Án', 'Anh'], // letters first: 'an' is a prefix of 'anh', whatever the tone
    ['Ánh', 'Ân'], // the letter â beats any tone on a
    ['Hoà', 'Hoả'], // tone position (hoà / hòa) does not matter
    ['Lý', 'Mai'],
  ])('%s < %s', (a, b) => {
    expect(compareVietnameseNames(a, b)).toBeLessThan(0);
    expect(vietnameseSortKey(a) < vietnameseSortKey(b)).toBe(true);
  });

  it('old and new tone placement give the same key', () => {
    expect(syllableKey('hoà')).toBe(syllableKey('hòa'));
    expect(syllableKey('thuỷ')).toBe(syllableKey('thủy'));
  });
});

describe('class lists (issue 5 §8: given name, then middle name, then surname)', () => {
  it.each([
    [
      'a grade-6 class',
      [
        'Nguyễn Văn An',
        'Lê Hoàng Anh',
        'Trần Thị Ánh',
        'Phạm Minh Ân',
        'Đỗ Thị Bích',
        'Vũ Đức Bình',
        'Hoàng Văn Cường',
        'Bùi Thị Dung',
        'Ngô Quang Dũng',
        'Đặng Tiến Đạt',
        'Trương Văn Đức',
        'Lý Thị Giang',
        'Trần Thị Hà',
        'Nguyễn Thu Hà',
        'Phan Thị Hạ',
        'Võ Văn Hải',
        'Nguyễn Ngọc Hân',
        'Lê Văn Hùng',
        'Nguyễn Thị Hương',
        'Trần Văn Khoa',
        'Đinh Thị Lan',
        'Mai Văn Long',
        'Nguyễn Thị Mai',
        'Hồ Văn Nam',
        'Lưu Thị Oanh',
        'Nguyễn Văn Phúc',
        'Trần Minh Quân',
        'Phạm Văn Sơn',
        'Lê Thị Thảo',
        'Nguyễn Văn Tú',
        'Lê Anh Tuấn',
        'Hà Văn Tư',
        'Vương Thị Uyên',
        'Trịnh Thị Vân',
        'Nguyễn Thị Xuân',
        'Đào Thị Yến',
      ],
    ],
    [
      'same given name: middle name decides, then surname',
      ['Trần An', 'Nguyễn Bảo An', 'Lê Văn An', 'Nguyễn Văn An', 'Trần Văn An', 'Lê Văn Minh An', 'Bùi Án'],
    ],
    ['two-syllable middle names, syllable by syllable', ['Lê Thị Hà', 'Ngô Thị Bích Hà', 'Phạm Thị Ngọc Hà', 'Vũ Thị Thu Hà', 'Lê Thu Hà']],
    [
      'ethnic-minority names (Ê Đê, Gia Rai) with apostrophes and Latin letters outside the Vietnamese alphabet',
      ['Y Bih', 'Ksor H\u2019Hen', 'Rơ Châm H\u2019Ngơn', 'Nay Y Phôn', 'Siu Wăng'],
    ],
  ])('%s', (_label, expected) => {
    const shuffled = [...expected].reverse();
    expect(byKey(shuffled)).toEqual(expected);
    expect(byComparator(shuffled)).toEqual(expected);
  });
});

describe('input forms', () => {
  it.each([
    ['Nguyễn Văn Ân', 'nguyễn văn ân'],
    ['Nguyễn Văn Ân', 'NGUYỄN VĂN ÂN'],
    ['Nguyễn Văn Ân', '  Nguyễn   Văn\tÂn  '],
    ['Nguyễn Văn Ân', 'Nguyễn Văn Ân'.normalize('NFD')],
    ['Đặng Thị Đào', '\u00d0\u1eb7ng Thị \u00d0ào'], // Icelandic Ð typed for Đ by legacy converters
  ])('%j has the key of %j', (a, b) => {
    expect(vietnameseSortKey(b)).toBe(vietnameseSortKey(a));
  });

  it('keys are plain ASCII (safe for COLLATE "C" byte comparison)', () => {
    expect(vietnameseSortKey('Nguyễn Thị Ngọc Ánh')).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('foldForSearch (issue 5 §8: "nguyen van an" finds "Nguyễn Văn An")', () => {
  it.each([
    ['Nguyễn Văn An', 'nguyen van an'],
    ['  ĐẶNG   Thị Đào ', 'dang thi dao'],
    ['Nguyễn Văn An'.normalize('NFD'), 'nguyen van an'],
  ])('%j → %j', (a, b) => expect(foldForSearch(a)).toBe(b));

  it('folds word by word exactly as folding the whole text would (stray marks, tabs, odd spaces)', () => {
    const whole = (text: string) =>
      text
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/[đĐðÐ]/g, 'd')
        .toLowerCase()
        .trim()
        .split(/\s+/u)
        .filter((w) => w.length > 0)
        .join(' ');
    const piece = fc.oneof(
      fc.constantFrom(...'aăâđĐeêoôơuưyAĂÂEÊOÔƠUƯY'),
      fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u0301', '\u0323', '\u0303'),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }).map((p) => p.join('')),
        (text) => {
          expect(foldForSearch(text)).toBe(whole(text));
        },
      ),
    );
    expect(foldForSearch('a \u0301b')).toBe(whole('a \u0301b'));
  });
});

const vnLetters = [...'aăâbcdđeêghiklmnoôơpqrstuưvxy'];
const tones = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];
const syllable = fc
  .tuple(fc.array(fc.constantFrom(...vnLetters), { minLength: 1, maxLength: 5 }), fc.constantFrom(...tones), fc.boolean())
  .map(([letters, tone, upper]) => {
    const s = (letters[0] + tone + letters.slice(1).join('')).normalize('NFC');
    return upper ? s[0]?.toUpperCase() + s.slice(1) : s;
  });
const fullName = fc.array(syllable, { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));

describe('properties', () => {
  it('the key is stable under NFC/NFD, case and spacing', () => {
    fc.assert(
      fc.property(fullName, (name) => {
        const k = vietnameseSortKey(name);
        expect(vietnameseSortKey(name.normalize('NFD'))).toBe(k);
        expect(vietnameseSortKey(name.toUpperCase())).toBe(k);
        expect(vietnameseSortKey(name.toLowerCase().normalize('NFD'))).toBe(k);
        expect(vietnameseSortKey(` ${name.split(' ').join('   ')} `)).toBe(k);
      }),
    );
  });

  it('sorting by the key equals sorting by the comparator', () => {
    fc.assert(
      fc.property(fc.array(fullName, { maxLength: 40 }), (names) => {
        const a = byKey(names).map(vietnameseSortKey);
        const b = byComparator(names).map(vietnameseSortKey);
        expect(a).toEqual(b);
      }),
    );
  });

  it('key order and comparator agree pairwise (sign)', () => {
    fc.assert(
      fc.property(fullName, fullName, (x, y) => {
        const kx = vietnameseSortKey(x);
        const ky = vietnameseSortKey(y);
        expect(Math.sign(compareVietnameseNames(x, y))).toBe(kx < ky ? -1 : kx > ky ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('for one syllable, agrees with ICU\u2019s Vietnamese collation (Intl.Collator vi, CLDR vi.xml)', () => {
    const icu = new Intl.Collator('vi', { sensitivity: 'accent' });
    fc.assert(
      fc.property(syllable, syllable, (x, y) => {
        const kx = syllableKey(x);
        const ky = syllableKey(y);
        expect(kx < ky ? -1 : kx > ky ? 1 : 0).toBe(Math.sign(icu.compare(x, y)));
      }),
      { numRuns: 2000 },
    );
  });
});
