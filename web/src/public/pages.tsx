import type { ComponentType } from 'react';
import ActivatePage from './pages/ActivatePage.tsx';
import LoginPage from './pages/LoginPage.tsx';
import VerifyPage from './pages/VerifyPage.tsx';

/** What a public page gets: its path parameters and the query string (read only in handlers). */
export interface PublicPageProps {
  params: Record<string, string>;
  search: string;
}

/**
 * The page of each route id of routes.ts. In the one small bundle on purpose: the pages are a few
 * KB each, and a page that is in the bundle hydrates without a second round trip.
 */
export const publicPages: Record<string, ComponentType<PublicPageProps>> = {
  login: LoginPage,
  activate: ActivatePage,
  verify: VerifyPage,
};
