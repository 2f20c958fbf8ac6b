import { ApartmentOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../types.ts';
import en from './i18n/en.json';
import vi from './i18n/vi.json';

const TreePage = lazy(() => import('./TreePage.tsx'));
const UnitPage = lazy(() => import('./UnitPage.tsx'));
const MapPage = lazy(() => import('./MapPage.tsx'));

/** The organisation tree, unit pages with their actions, and the province map. */
export const orgModule: WebModule = {
  id: 'org',
  navItems: [
    { key: 'org-tree', path: '/org', labelKey: 'nav.tree', icon: <ApartmentOutlined />, order: 10 },
    { key: 'org-map', path: '/org/map', labelKey: 'nav.map', icon: <EnvironmentOutlined />, order: 11 },
  ],
  routes: [
    { path: '/org', element: <TreePage /> },
    { path: '/org/units/:id', element: <UnitPage /> },
    { path: '/org/map', element: <MapPage /> },
  ],
  messages: { vi, en },
};
