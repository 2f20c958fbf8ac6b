import { AuditOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../types.ts';
import en from './i18n/en.json';
import vi from './i18n/vi.json';

const LoginPage = lazy(() => import('./LoginPage.tsx'));
const ResetPasswordPage = lazy(() => import('./ResetPasswordPage.tsx'));
const ProfilePage = lazy(() => import('./ProfilePage.tsx'));
const UsersPage = lazy(() => import('./UsersPage.tsx'));
const UserDetailPage = lazy(() => import('./UserDetailPage.tsx'));
const RolesPage = lazy(() => import('./RolesPage.tsx'));
const AuditPage = lazy(() => import('./AuditPage.tsx'));

export const identityModule: WebModule = {
  id: 'identity',
  navItems: [
    {
      key: 'users',
      path: '/admin/users',
      labelKey: 'nav.users',
      icon: <TeamOutlined />,
      section: 'administration',
      order: 10,
      permission: 'identity.user.read',
    },
    {
      key: 'roles',
      path: '/admin/roles',
      labelKey: 'nav.roles',
      icon: <SafetyCertificateOutlined />,
      section: 'administration',
      order: 20,
      permission: 'identity.user.read',
    },
    {
      key: 'audit',
      path: '/admin/audit',
      labelKey: 'nav.audit',
      icon: <AuditOutlined />,
      section: 'administration',
      order: 30,
      permission: 'identity.audit.read',
    },
  ],
  routes: [
    { path: '/profile', element: <ProfilePage />, handle: { auth: true } },
    { path: '/admin/users', element: <UsersPage />, handle: { permission: 'identity.user.read' } },
    { path: '/admin/users/:id', element: <UserDetailPage />, handle: { permission: 'identity.user.read' } },
    { path: '/admin/roles', element: <RolesPage />, handle: { permission: 'identity.user.read' } },
    { path: '/admin/audit', element: <AuditPage />, handle: { permission: 'identity.audit.read' } },
  ],
  publicRoutes: [
    { path: '/login', element: <LoginPage /> },
    // The light sign-in page (web/src/public) sends a role that must still set up its second factor here.
    { path: '/login/enrol', element: <LoginPage /> },
    { path: '/reset-password', element: <ResetPasswordPage /> },
  ],
  messages: { vi, en },
};
