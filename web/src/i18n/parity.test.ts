import { describe, expect, it } from 'vitest';
import { webModules } from '../modules/index.ts';
import type { Messages } from '../modules/types.ts';
import en from './en.json';
import vi from './vi.json';

/** Every leaf key of a message tree (`accounts.children.title`). */
const keys = (o: Messages, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));

/** Leaves whose text is empty: a key kept only to make the two languages agree. */
const empty = (o: Messages): string[] =>
  keys(o).filter((k) => k.split('.').reduce<Messages | string>((n, p) => (n as Messages)[p] ?? '', o) === '');

describe('the strings of both languages', () => {
  const namespaces: [string, Messages, Messages][] = [
    ['common', vi, en],
    ...webModules.map((m): [string, Messages, Messages] => [m.id, m.messages.vi, m.messages.en]),
  ];

  it.each(namespaces)('namespace %s has the same keys in Vietnamese and English', (_ns, viMessages, enMessages) => {
    const viKeys = keys(viMessages);
    expect(viKeys.length).toBeGreaterThan(0);
    expect(keys(enMessages).sort()).toEqual(viKeys.sort());
    expect(empty(viMessages)).toEqual([]);
    expect(empty(enMessages)).toEqual([]);
  });

  it('covers every module of the app and the shell', () => {
    expect(namespaces.map(([ns]) => ns)).toEqual(['common', ...webModules.map((m) => m.id)]);
    expect(new Set(namespaces.map(([ns]) => ns)).size).toBe(namespaces.length);
  });

  it('has every message file in both languages (a file not wired into its module would escape the check above)', () => {
    const files = Object.keys(import.meta.glob(['../**/*vi.json', '../**/*en.json', '!../api/**']));
    const twin = (f: string) => f.replace(/vi\.json$/, 'en.json');
    const viFiles = files.filter((f) => f.endsWith('vi.json'));
    expect(viFiles.length).toBeGreaterThan(5);
    expect(viFiles.map(twin).filter((f) => !files.includes(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('en.json')).length).toBe(viFiles.length);
  });
});
