import { describe, expect, it } from 'vitest';
import { modules } from '../../modules.ts';
import { createTranslator, pickLanguage } from '../i18n/translator.ts';

describe('i18n', () => {
  it('picks Vietnamese unless English is preferred', () => {
    expect(pickLanguage(undefined)).toBe('vi');
    expect(pickLanguage('en-US,en;q=0.9')).toBe('en');
    expect(pickLanguage('fr-FR, en;q=0.5')).toBe('en');
    expect(pickLanguage('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
    expect(pickLanguage('en;q=0.2, vi;q=0.8')).toBe('vi');
    expect(pickLanguage('de')).toBe('vi');
  });

  it('has every string of every module in both languages', () => {
    const { catalog } = createTranslator(modules.map((m) => m.messages));
    expect(Object.keys(catalog.en).sort()).toEqual(Object.keys(catalog.vi).sort());
    for (const [key, value] of Object.entries(catalog.vi)) expect(value, key).not.toBe('');
  });

  it('labels every declared permission in both languages', () => {
    for (const mod of modules) {
      for (const p of mod.permissions ?? []) {
        expect(p.id.startsWith(`${mod.name}.`), p.id).toBe(true);
        expect(p.label.vi.length, p.id).toBeGreaterThan(0);
        expect(p.label.en.length, p.id).toBeGreaterThan(0);
      }
    }
  });

  it('labels every declared domain event in both languages, named after its module', () => {
    const events = modules.flatMap((m) => (m.events ?? []).map((e) => ({ module: m.name, ...e })));
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e.name.startsWith(`${e.module}.`), e.name).toBe(true);
      expect(e.label.vi.length, e.name).toBeGreaterThan(0);
      expect(e.label.en.length, e.name).toBeGreaterThan(0);
    }
  });

  it('fills parameters', () => {
    const t = createTranslator([]);
    expect(t.t('en', 'platform.tooManyRequests', { retryAfter: 30 })).toContain('30 seconds');
    expect(t.t('vi', 'platform.payloadTooLarge', { limit: '1 MB' })).toContain('1 MB');
  });
});
