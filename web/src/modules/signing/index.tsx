import { KeyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../types.ts';
import en from './i18n/en.json';
import vi from './i18n/vi.json';

const SigningKeysPage = lazy(() => import('./SigningKeysPage.tsx'));

/**
 * Signing for any unit: the caller's certificate and the seals of the units they administer, and
 * the strings of the public page that verifies every document type the platform signs.
 */
export const signingModule: WebModule = {
  id: 'signing',
  navItems: [
    {
      key: 'signing-keys',
      path: '/signing/keys',
      labelKey: 'nav.keys',
      icon: <KeyOutlined />,
      section: 'teaching',
      order: 40,
      permission: 'signing.key.personal',
    },
    {
      key: 'signing-seals',
      path: '/signing/keys',
      labelKey: 'nav.keys',
      icon: <KeyOutlined />,
      section: 'teaching',
      order: 40,
      permission: 'signing.seal.manage',
    },
  ],
  routes: [
    { path: '/signing/keys', element: <SigningKeysPage />, handle: { auth: true } },
    // the grade book's first address of the page, kept for bookmarks
    { path: '/gradebook/signing-keys', element: <SigningKeysPage />, handle: { auth: true } },
  ],
  // The public page that verifies any signed document (/verify) is in the light public shell
  // (web/src/public/pages/VerifyPage.tsx), with this module's strings.
  messages: { vi, en },
};
