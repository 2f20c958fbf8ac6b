import type { MenuSection, WebModule, WebNavItem } from '../modules/types.ts';

/** The work areas of the side menu in the order shown; headings are `menu.section.<id>` in the shell's strings. */
export const menuSections: readonly MenuSection[] = [
  'home',
  'mine',
  'organisation',
  'pupils',
  'school',
  'teaching',
  'administration',
  'system',
];

export type MenuEntry = WebNavItem & { ns: string };

/**
 * The side menu of one user: the entries they may open (an item with a permission needs it, `auth`
 * a session, `kind` that kind of account), grouped by work area in the shell's order and sorted by
 * `order` inside each, one entry per page (a user holding two permissions that open it sees the first).
 */
export function buildMenu(
  modules: readonly WebModule[],
  user: { permissions: readonly string[]; kind: string } | null,
): { section: MenuSection; items: MenuEntry[] }[] {
  const items = modules
    .flatMap((m) => m.navItems.map((item) => ({ ...item, key: `${m.id}.${item.key}`, ns: m.id })))
    .filter((item) => (item.permission ? !!user?.permissions.includes(item.permission) : item.auth ? !!user : true))
    .filter((item) => !item.kind || item.kind === user?.kind);
  const seen = new Set<string>();
  return menuSections
    .map((section) => ({
      section,
      items: items
        .filter((i) => i.section === section)
        .sort((a, b) => (a.order ?? 100) - (b.order ?? 100))
        .filter((i) => {
          if (seen.has(i.path)) return false;
          seen.add(i.path);
          return true;
        }),
    }))
    .filter((s) => s.items.length > 0);
}
