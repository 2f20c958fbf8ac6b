import { describe, expect, it } from 'vitest';
import type { WebModule } from '../modules/types.ts';
import { buildMenu } from './menu.ts';

const mod = (id: string, navItems: WebModule['navItems']): WebModule => ({ id, navItems, routes: [], messages: { vi: {}, en: {} } });

describe('buildMenu', () => {
  const modules = [
    mod('a', [
      { key: 'late', path: '/a/late', labelKey: 'x', section: 'pupils', order: 20 },
      { key: 'early', path: '/a/early', labelKey: 'x', section: 'pupils', order: 10 },
      { key: 'admin', path: '/a/admin', labelKey: 'x', section: 'administration', permission: 'identity.user.read' },
    ]),
    mod('b', [
      { key: 'home', path: '/', labelKey: 'x', section: 'home' },
      { key: 'same', path: '/a/early', labelKey: 'y', section: 'pupils', order: 15, permission: 'registry.student.read' },
      { key: 'mine', path: '/b/mine', labelKey: 'x', section: 'mine', auth: true, kind: 'guardian' },
    ]),
  ];

  it('groups by work area in the shell order and sorts by order inside each, from every module', () => {
    const menu = buildMenu(modules, { permissions: ['identity.user.read', 'registry.student.read'], kind: 'staff' });
    expect(menu.map((s) => [s.section, s.items.map((i) => i.key)])).toEqual([
      ['home', ['b.home']],
      ['pupils', ['a.early', 'a.late']],
      ['administration', ['a.admin']],
    ]);
  });

  it('shows an anonymous visitor only the open entries, and a guardian their own', () => {
    expect(buildMenu(modules, null).flatMap((s) => s.items.map((i) => i.key))).toEqual(['b.home', 'a.early', 'a.late']);
    expect(buildMenu(modules, { permissions: [], kind: 'guardian' }).map((s) => s.section)).toEqual(['home', 'mine', 'pupils']);
  });
});
