import { ApartmentOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../types.ts';
import en from './i18n/en.json';
import vi from './i18n/vi.json';

const TreePage = lazy(() => import('./TreePage.tsx'));
const UnitPage = lazy(() => import('./UnitPage.tsx'));
const MapPage = lazy(() => import('./MapPage.tsx'));
const OverviewCards = lazy(() => import('./OverviewCards.tsx'));

/** The organisation tree, unit pages with their actions, and the province map. */
export const orgModule: WebModule = {
  id: 'org',
  navItems: [
    {
      key: 'org-tree',
      path: '/org',
      labelKey: 'nav.tree',
      icon: <ApartmentOutlined />,
      section: 'organisation',
      order: 10,
      permission: 'org.unit.read',
    },
    {
      key: 'org-map',
      path: '/org/map',
      labelKey: 'nav.map',
      icon: <EnvironmentOutlined />,
      section: 'organisation',
      order: 20,
      permission: 'org.unit.read',
    },
  ],
  routes: [
    { path: '/org', element: <TreePage />, handle: { permission: 'org.unit.read' } },
    { path: '/org/units/:id', element: <UnitPage />, handle: { permission: 'org.unit.read' } },
    { path: '/org/map', element: <MapPage />, handle: { permission: 'org.unit.read' } },
  ],
  messages: { vi, en },
  homeWidgets: [{ key: 'org-overview', permission: 'org.unit.read', element: <OverviewCards /> }],
};
