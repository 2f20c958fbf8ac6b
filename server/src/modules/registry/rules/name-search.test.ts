import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameSearchTsQuery } from './name-search.ts';

describe('name search query (issue 5 §8: "nguyen van an" finds "Nguyễn Văn An")', () => {
  it.each([
    ['nguyen van an', 'nguyen & van & an:*'],
    ['Nguyễn Văn An', 'nguyen & van & an:*'],
    ['  ĐỖ   thị  ', 'do & thi:*'],
    ['an', 'an:*'],
    ["H'Hen Niê", 'h & hen & nie:*'],
    ["a:* | !b & 'c'", 'a & b & c:*'],
    ['1 2 3 4 5 6 7 8 9 10', '1 & 2 & 3 & 4 & 5 & 6 & 7 & 8:*'],
    ['', null],
    [' -- ', null],
  ])('%j → %j', (text, query) => expect(nameSearchTsQuery(text)).toBe(query));

  it('whatever is typed, the query is words of letters and digits joined by &', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const q = nameSearchTsQuery(s);
        if (q !== null) expect(q).toMatch(/^([\p{L}\p{N}]+ & )*[\p{L}\p{N}]+:\*$/u);
      }),
    );
  });
});
