import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageLink, PageTab, Permission, StudentContext, UnitContext, WebModule, WebWidget } from '../modules/types.ts';
import { useAuth } from './auth.tsx';

/**
 * The modules of the app, handed down by <App> so that a page can show what other modules add to
 * it (a unit's tabs, the home widgets) without importing modules/index.ts, which imports the page.
 */
const ModulesContext = createContext<readonly WebModule[]>([]);

export function ModulesProvider({ modules, children }: { modules: readonly WebModule[]; children: ReactNode }) {
  return <ModulesContext.Provider value={modules}>{children}</ModulesContext.Provider>;
}

export function useWebModules(): readonly WebModule[] {
  return useContext(ModulesContext);
}

/** Whether the signed-in user holds `permission` (any of a list; none = yes). */
export function holdsAny(held: readonly string[] | undefined, permission: Permission | readonly Permission[] | undefined): boolean {
  if (permission === undefined) return true;
  const wanted: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  return wanted.some((p) => !!held?.includes(p));
}

const byOrder = <T extends { order?: number }>(a: T, b: T) => (a.order ?? 100) - (b.order ?? 100);

type WidgetSlot = 'homeWidgets' | 'deskWidgets' | 'guardianWidgets';

/** The widgets every module puts in a slot, that the signed-in user may see, in order. */
export function useWidgets(slot: WidgetSlot): WebWidget[] {
  const modules = useWebModules();
  const { me } = useAuth();
  return useMemo(
    () =>
      me
        ? modules
            .flatMap((m) => m[slot] ?? [])
            .filter((w) => holdsAny(me.permissions, w.permission))
            .sort(byOrder)
        : [],
    [modules, me, slot],
  );
}

/** A link or tab resolved for one page: its label translated in its module's namespace. */
export interface ResolvedLink {
  key: string;
  label: string;
  to: string;
}
export interface ResolvedTab<C> {
  key: string;
  label: string;
  Component: PageTab<C>['Component'];
}

type Contribution<C> = {
  key: string;
  labelKey: string;
  permission?: Permission | readonly Permission[];
  when?: (c: C) => boolean;
  order?: number;
};

/** What the modules contribute through `pick`, that this user may see on the page of `context`. */
function useContributions<C, T extends Contribution<C>>(pick: (m: WebModule) => readonly T[] | undefined, context: C | undefined) {
  const modules = useWebModules();
  const { me } = useAuth();
  const { t } = useTranslation();
  if (!context) return [];
  return modules
    .flatMap((m) => (pick(m) ?? []).map((x) => ({ item: x, key: `${m.id}.${x.key}`, label: t(x.labelKey, { ns: m.id }) })))
    .filter(({ item }) => holdsAny(me?.permissions, item.permission) && (!item.when || item.when(context)))
    .sort((a, b) => byOrder(a.item, b.item));
}

function useLinks<C>(pick: (m: WebModule) => readonly PageLink<C>[] | undefined, context: C | undefined): ResolvedLink[] {
  return useContributions(pick, context).map(({ item, key, label }) => ({ key, label, to: context ? item.to(context) : '' }));
}

function useTabs<C>(pick: (m: WebModule) => readonly PageTab<C>[] | undefined, context: C | undefined): ResolvedTab<C>[] {
  return useContributions(pick, context).map(({ item, key, label }) => ({ key, label, Component: item.Component }));
}

/** Links other modules add to a unit's page (org). */
export const useUnitLinks = (unit: UnitContext | undefined) => useLinks((m) => m.unitPage?.links, unit);
/** Tabs other modules add to a unit's page (org). */
export const useUnitTabs = (unit: UnitContext | undefined) => useTabs((m) => m.unitPage?.tabs, unit);
/** Links other modules add to a pupil's page (registry). */
export const useStudentLinks = (student: StudentContext | undefined) => useLinks((m) => m.studentPage?.links, student);
/** Tabs other modules add to a pupil's page (registry). */
export const useStudentTabs = (student: StudentContext | undefined) => useTabs((m) => m.studentPage?.tabs, student);
