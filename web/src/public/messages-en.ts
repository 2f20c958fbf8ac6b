import commonEn from '../i18n/en.json';
import identityEn from '../modules/identity/i18n/en.json';
import accountsEn from '../modules/registry/accounts/i18n.en.json';
import signingEn from '../modules/signing/i18n/en.json';

/** English strings of the public pages: a chunk of its own, fetched when English is chosen. */
export const en = { common: commonEn, identity: identityEn, signing: signingEn, registry: { accounts: accountsEn } };
