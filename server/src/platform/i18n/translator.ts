import en from './en.json' with { type: 'json' };
import vi from './vi.json' with { type: 'json' };
import spreadsheetEn from '../spreadsheet/i18n/en.json' with { type: 'json' };
import spreadsheetVi from '../spreadsheet/i18n/vi.json' with { type: 'json' };

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];
export type Messages = Record<string, string>;
export interface Catalog {
  vi: Messages;
  en: Messages;
}

/** Vietnamese unless the client clearly prefers English (Accept-Language q-values respected). */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'vi';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.split('-')[0], q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  const first = ranked.find((r) => r.lang === 'vi' || r.lang === 'en');
  return (first?.lang as Language | undefined) ?? 'vi';
}

export interface Translator {
  t(lang: Language, key: string, params?: Record<string, unknown>): string;
  has(lang: Language, key: string): boolean;
  catalog: Catalog;
}

// The spreadsheet library's row/column messages belong to the platform: every import uses them.
const platformCatalog: Catalog = { vi: { ...vi, ...spreadsheetVi }, en: { ...en, ...spreadsheetEn } };

/** Merges the platform's strings with every module's; a key defined twice is a bug. */
export function createTranslator(moduleCatalogs: Catalog[]): Translator {
  const catalog: Catalog = { vi: {}, en: {} };
  for (const c of [platformCatalog, ...moduleCatalogs]) {
    for (const lang of languages) {
      for (const [key, value] of Object.entries(c[lang])) {
        if (key in catalog[lang]) throw new Error(`i18n key defined twice: ${lang}:${key}`);
        catalog[lang][key] = value;
      }
    }
  }
  return {
    catalog,
    has: (lang, key) => key in catalog[lang],
    t(lang, key, params = {}) {
      const template = catalog[lang][key] ?? catalog.vi[key] ?? key;
      return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => (params[name] === undefined ? `{{${name}}}` : String(params[name])));
    },
  };
}
