import { DashboardOutlined, HomeOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../types.ts';
import en from './i18n/en.json';
import vi from './i18n/vi.json';

const HomePage = lazy(() => import('./HomePage.tsx'));
const StatusPage = lazy(() => import('./StatusPage.tsx'));

export const platformModule: WebModule = {
  id: 'platform',
  navItems: [
    { key: 'home', path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, section: 'home', order: 0 },
    { key: 'status', path: '/status', labelKey: 'nav.status', icon: <DashboardOutlined />, section: 'system', order: 10 },
  ],
  routes: [
    { index: true, element: <HomePage /> },
    { path: '/status', element: <StatusPage /> },
  ],
  messages: { vi, en },
};
