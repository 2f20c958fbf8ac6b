import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';

/** One entry of the side menu. `labelKey` is looked up in the module's own i18n namespace. */
export interface WebNavItem {
  key: string;
  path: string;
  labelKey: string;
  icon?: ReactNode;
  /** Lower comes first across all modules; default 100. */
  order?: number;
  /** Shown only to a signed-in user holding this permission (`me.permissions`). */
  permission?: string;
  /** Shown only to a signed-in user. */
  auth?: boolean;
  /** Shown only to accounts of this kind (a guardian's "my children", a student's own record). */
  kind?: 'staff' | 'student' | 'guardian';
}

/**
 * `handle` of a route: `{ auth: true }` sends an anonymous visitor to /login (and back after);
 * `{ permission: 'org.unit.read' }` also shows "no access" to a user who does not hold it.
 */
export interface RouteHandle {
  auth?: boolean;
  permission?: string;
}

/** Nested i18n messages of one language (plain JSON objects). */
export type Messages = { [key: string]: string | Messages };

/**
 * What a web module hands to the shell: its menu entries, its routes (children of the app layout,
 * absolute paths such as `/org/units/:id`), and its strings in both languages (namespace = id).
 */
export interface WebModule {
  id: string;
  navItems: readonly WebNavItem[];
  routes: readonly RouteObject[];
  /** Routes outside the app layout (sign-in, reset-password): full-page, no menu. */
  publicRoutes?: readonly RouteObject[];
  messages: { vi: Messages; en: Messages };
  /** Cards for the home page, shown to signed-in users holding `permission` (figures of their scope). */
  homeWidgets?: readonly { key: string; permission: string; element: ReactNode }[];
}
