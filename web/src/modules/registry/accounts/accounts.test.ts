import { describe, expect, it } from 'vitest';
import { studentsExportUrl } from './export-url.ts';
import en from './i18n.en.json';
import vi from './i18n.vi.json';

type Tree = { [k: string]: string | Tree };
const keys = (t: Tree, prefix = ''): string[] =>
  Object.entries(t)
    .flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
    .sort();

describe('registry accounts (web)', () => {
  it('exports with the list filters, without paging or empty values', () => {
    expect(studentsExportUrl({ q: 'nguyen van an', schoolId: 's1', classId: undefined, page: 3, pageSize: 50 })).toBe(
      '/api/registry/students/export.xlsx?q=nguyen+van+an&schoolId=s1',
    );
    expect(studentsExportUrl({ page: 1, pageSize: 50, q: '' })).toBe('/api/registry/students/export.xlsx');
  });

  it('has every string in Vietnamese and English', () => {
    expect(keys(en as Tree)).toEqual(keys(vi as Tree));
  });
});
