import i18n from 'i18next';
import identityVi from '../modules/identity/i18n/vi.json';
import accountsVi from '../modules/registry/accounts/i18n.vi.json';
import signingVi from '../modules/signing/i18n/vi.json';
import { commonMessages, initI18n, type Language } from '../i18n/index.ts';

/**
 * The strings of the public pages, from the modules that own them (no copies): Vietnamese in the
 * bundle, English fetched only when chosen. Namespaces as in the staff app (`identity`,
 * `signing`, `registry` with its `accounts` part) so the same keys work.
 */
const vi = { common: commonMessages.vi, identity: identityVi, signing: signingVi, registry: { accounts: accountsVi } };

async function addEnglish(): Promise<void> {
  if (i18n.hasResourceBundle('en', 'identity')) return;
  const { en } = await import('./messages-en.ts');
  for (const [ns, messages] of Object.entries(en)) i18n.addResourceBundle('en', ns, messages, true, true);
}

/** Starts i18next in `lng` (English waits for its strings). */
export async function setupPublicI18n(lng: Language): Promise<void> {
  initI18n({ vi, en: {} }, 'vi');
  if (lng === 'en') await switchLanguage('en');
}

export async function switchLanguage(lng: Language): Promise<void> {
  if (lng === 'en') await addEnglish();
  await i18n.changeLanguage(lng);
}
