import { BellOutlined, ClockCircleOutlined, SendOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../types.ts';
import en from './i18n/en.json';
import vi from './i18n/vi.json';

const OutboxPage = lazy(() => import('./OutboxPage.tsx'));
const JobsPage = lazy(() => import('./JobsPage.tsx'));
const NotificationsPage = lazy(() => import('./NotificationsPage.tsx'));

/** Running the platform: the outbox of every channel, background jobs, each user's notification choices. */
export const operationsModule: WebModule = {
  id: 'operations',
  navItems: [
    {
      key: 'outbox',
      path: '/admin/outbox',
      labelKey: 'nav.outbox',
      icon: <SendOutlined />,
      section: 'system',
      order: 10,
      permission: 'operations.outbox.read',
    },
    {
      key: 'jobs',
      path: '/admin/jobs',
      labelKey: 'nav.jobs',
      icon: <ClockCircleOutlined />,
      section: 'system',
      order: 20,
      permission: 'operations.jobs.read',
    },
    {
      key: 'notifications',
      path: '/notifications',
      labelKey: 'nav.notifications',
      icon: <BellOutlined />,
      section: 'mine',
      order: 90,
      auth: true,
    },
  ],
  routes: [
    { path: '/admin/outbox', element: <OutboxPage />, handle: { permission: 'operations.outbox.read' } },
    { path: '/admin/jobs', element: <JobsPage />, handle: { permission: 'operations.jobs.read' } },
    { path: '/notifications', element: <NotificationsPage />, handle: { auth: true } },
  ],
  messages: { vi, en },
};
