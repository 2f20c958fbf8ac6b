import { useTranslation } from 'react-i18next';
import type { DisplayLanguage } from './format.ts';

/** The display language of the page: English when chosen, Vietnamese otherwise (also while i18n starts). */
export function useDisplayLanguage(): DisplayLanguage {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage === 'en' ? 'en' : 'vi';
}

/** The name in the display language, for records that carry both (`name`/`nameEn`, `nameVi`/`nameEn`). */
export const localName = (lang: DisplayLanguage, vi: string, en: string | null | undefined): string => (lang === 'en' && en ? en : vi);
