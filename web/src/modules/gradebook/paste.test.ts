import { describe, expect, it } from 'vitest';
import { pasteGrid } from './paste.ts';

describe('pasteGrid', () => {
  it('fills a column from the focused cell down, Windows line ends and the trailing newline Excel adds included', () => {
    expect(pasteGrid('7,5\r\n8\r\n9\r\n', 1, 2, 10, 6)).toEqual([
      { r: 1, c: 2, value: '7,5' },
      { r: 2, c: 2, value: '8' },
      { r: 3, c: 2, value: '9' },
    ]);
  });

  it('fills a block down and right and clips what falls outside the grid', () => {
    expect(pasteGrid('1\t2\t3\n4\t5\t6', 2, 4, 3, 6)).toEqual([
      { r: 2, c: 4, value: '1' },
      { r: 2, c: 5, value: '2' },
    ]);
  });

  it('keeps empty cells (they clear) and trims spaces', () => {
    expect(pasteGrid(' 8 \n\n6', 0, 0, 5, 1)).toEqual([
      { r: 0, c: 0, value: '8' },
      { r: 1, c: 0, value: '' },
      { r: 2, c: 0, value: '6' },
    ]);
  });
});
