import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { WebModule } from '../modules/types.ts';
import vi from './vi.json';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'gds.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The language chosen earlier on this browser; Vietnamese otherwise. */
export function storedLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(storageKey);
    return isLanguage(saved) ? saved : 'vi';
  } catch {
    return 'vi';
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'vi';
}

/**
 * The shell's English strings are a chunk of their own, fetched the first time English is chosen:
 * most users read Vietnamese, and a phone should not download both.
 */
async function loadCommonEnglish(): Promise<void> {
  if (i18n.hasResourceBundle('en', 'common')) return;
  const { default: en } = await import('./en.json');
  i18n.addResourceBundle('en', 'common', en, true, true);
}

export async function changeLanguage(lang: Language): Promise<void> {
  if (lang === 'en') await loadCommonEnglish();
  await i18n.changeLanguage(lang);
}

/**
 * Shell strings live in the `common` namespace; each module's strings in a namespace named after
 * the module id (`t('status.title', { ns: 'platform' })` or `useTranslation('platform')`).
 */
export function setupI18n(modules: readonly WebModule[]): typeof i18n {
  const resources: Record<Language, Record<string, object>> = { vi: { common: vi }, en: {} };
  for (const mod of modules) {
    resources.vi[mod.id] = mod.messages.vi;
    resources.en[mod.id] = mod.messages.en;
  }
  // English starts in Vietnamese for the moment its shell strings take to arrive.
  const stored = storedLanguage();
  const instance = initI18n(resources, 'vi');
  if (stored === 'en') void changeLanguage('en');
  return instance;
}

/**
 * Starts i18next with these strings (the staff app: every module's; the light public shell: its
 * pages' only, Vietnamese first and English loaded when chosen) and remembers the choice.
 */
export function initI18n(resources: Partial<Record<Language, Record<string, object>>>, lng: Language): typeof i18n {
  i18n.on('languageChanged', (next) => {
    // No document when the build prerenders the public pages.
    if (!isLanguage(next) || typeof document === 'undefined') return;
    document.documentElement.lang = next;
    try {
      window.localStorage.setItem(storageKey, next);
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  });
  void i18n.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'vi',
    supportedLngs: [...languages],
    defaultNS: 'common',
    ns: Object.keys(resources.vi ?? {}),
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
  return i18n;
}

/** The shell's own Vietnamese strings, for a page that builds its resources itself (English: `en.json`, loaded when chosen). */
export const commonMessages = { vi };
