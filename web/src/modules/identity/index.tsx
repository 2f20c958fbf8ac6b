import { ApiOutlined, AuditOutlined, MailOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
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
const MailPage = lazy(() => import('./MailPage.tsx'));
const ApiClientsPage = lazy(() => import('./api-clients/ApiClientsPage.tsx'));

export const identityModule: WebModule = {
  id: 'identity',
  navItems: [
    { key: 'users', path: '/admin/users', labelKey: 'nav.users', icon: <TeamOutlined />, order: 700, permission: 'identity.user.read' },
    {
      key: 'roles',
      path: '/admin/roles',
      labelKey: 'nav.roles',
      icon: <SafetyCertificateOutlined />,
      order: 710,
      permission: 'identity.user.read',
    },
    { key: 'audit', path: '/admin/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, order: 720, permission: 'identity.audit.read' },
    { key: 'mail', path: '/admin/mail', labelKey: 'nav.mail', icon: <MailOutlined />, order: 730, permission: 'identity.mail.read' },
    {
      key: 'api-clients',
      path: '/admin/api-clients',
      labelKey: 'nav.apiClients',
      icon: <ApiOutlined />,
      order: 740,
      permission: 'identity.apiClient.manage',
    },
  ],
  routes: [
    { path: '/profile', element: <ProfilePage />, handle: { auth: true } },
    { path: '/admin/users', element: <UsersPage />, handle: { permission: 'identity.user.read' } },
    { path: '/admin/users/:id', element: <UserDetailPage />, handle: { permission: 'identity.user.read' } },
    { path: '/admin/roles', element: <RolesPage />, handle: { permission: 'identity.user.read' } },
    { path: '/admin/audit', element: <AuditPage />, handle: { permission: 'identity.audit.read' } },
    { path: '/admin/mail', element: <MailPage />, handle: { permission: 'identity.mail.read' } },
    { path: '/admin/api-clients', element: <ApiClientsPage />, handle: { permission: 'identity.apiClient.manage' } },
  ],
  publicRoutes: [
    { path: '/login', element: <LoginPage /> },
    { path: '/reset-password', element: <ResetPasswordPage /> },
  ],
  messages: { vi, en },
};
