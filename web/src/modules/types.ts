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
  messages: { vi: Messages; en: Messages };
}
