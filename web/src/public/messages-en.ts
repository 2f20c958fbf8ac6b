import gradebookEn from '../modules/gradebook/i18n/en.json';
import identityEn from '../modules/identity/i18n/en.json';
import accountsEn from '../modules/registry/accounts/i18n.en.json';

/** English strings of the public pages: a chunk of its own, fetched when English is chosen. */
export const en = { identity: identityEn, gradebook: gradebookEn, registry: { accounts: accountsEn } };
