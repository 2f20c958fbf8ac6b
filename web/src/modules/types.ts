import type { ComponentType, ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { components } from '../api/client.ts';
import type { Permission } from '../api/permissions.ts';

export type { Permission } from '../api/permissions.ts';

/**
 * The work areas of the side menu, in the order the shell shows them (app/menu.ts holds the order
 * and the headings). A module files each entry under one of them; `order` sorts inside the area.
 */
export type MenuSection = 'home' | 'mine' | 'organisation' | 'pupils' | 'school' | 'teaching' | 'administration' | 'system';

/** One entry of the side menu. `labelKey` is looked up in the module's own i18n namespace. */
export interface WebNavItem {
  key: string;
  path: string;
  labelKey: string;
  icon?: ReactNode;
  section: MenuSection;
  /** Lower comes first inside the section; default 100. */
  order?: number;
  /** Shown only to a signed-in user holding this permission (`me.permissions`). */
  permission?: Permission;
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
  permission?: Permission;
}

/** A route of a module: react-router's, with a typed `handle` (a misspelt permission does not compile). */
export type WebRoute = RouteObject extends infer R ? (R extends RouteObject ? Omit<R, 'handle'> & { handle?: RouteHandle } : never) : never;

/** Nested i18n messages of one language (plain JSON objects). */
export type Messages = { [key: string]: string | Messages };

/** A card another module puts on a page it does not own; shown to holders of `permission` (any of them). */
export interface WebWidget {
  key: string;
  permission?: Permission | readonly Permission[];
  /** Lower comes first; default 100. */
  order?: number;
  element: ReactNode;
}

/** What a unit's page (org) tells the modules that add to it. */
export type UnitContext = Pick<components['schemas']['OrgUnitDetail'], 'id' | 'name' | 'type' | 'schoolLevel' | 'status'>;

/** What a pupil's page (registry's record, the own-record card of a student or guardian) tells the modules. */
export interface StudentContext {
  id: string;
  fullName: string;
  /** The pupil's own account or a guardian's: the page is theirs, not a staff member's. */
  own: boolean;
}

/** A link another module adds to a page it does not own (`labelKey` in that module's namespace). */
export interface PageLink<C> {
  key: string;
  labelKey: string;
  to: (context: C) => string;
  /** Any of these permissions; none given = every caller who sees the page. */
  permission?: Permission | readonly Permission[];
  when?: (context: C) => boolean;
  order?: number;
}

/** A tab another module adds to a page it does not own; the component fetches what it shows. */
export interface PageTab<C> {
  key: string;
  labelKey: string;
  Component: ComponentType<{ context: C }>;
  permission?: Permission | readonly Permission[];
  when?: (context: C) => boolean;
  order?: number;
}

/**
 * What a web module hands to the shell: its menu entries, its routes (children of the app layout,
 * absolute paths such as `/org/units/:id`), its strings in both languages (namespace = id), and
 * what it adds to pages of other modules. A new module is its folder plus one line in modules/index.ts.
 */
export interface WebModule {
  id: string;
  navItems: readonly WebNavItem[];
  routes: readonly WebRoute[];
  /** Routes outside the app layout (sign-in, reset-password): full-page, no menu. */
  publicRoutes?: readonly WebRoute[];
  messages: { vi: Messages; en: Messages };
  /** Cards for the home page of staff, shown to holders of `permission` (figures of their scope). */
  homeWidgets?: readonly WebWidget[];
  /** Cards on the principal's desk (the home page's "work to do" of a school's leaders). */
  deskWidgets?: readonly WebWidget[];
  /** Cards on a guardian's home page (no permission needed: the server shows only their children). */
  guardianWidgets?: readonly WebWidget[];
  /** Links and tabs on a unit's page (org/units/:id). */
  unitPage?: { links?: readonly PageLink<UnitContext>[]; tabs?: readonly PageTab<UnitContext>[] };
  /** Links and tabs on a pupil's page (registry's record and the own-record card). */
  studentPage?: { links?: readonly PageLink<StudentContext>[]; tabs?: readonly PageTab<StudentContext>[] };
}
