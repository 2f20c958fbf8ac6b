import { useQuery } from '@tanstack/react-query';
import { api, call, type components, type paths } from '../../api/client.ts';

export type AuditEvent = components['schemas']['AuditEvent'];
export type Role = components['schemas']['Role'];
export type PermissionInfo = components['schemas']['Permission'];
export type User = components['schemas']['UserDetail'];
export type Reset = components['schemas']['PasswordResetIssued'];
export type AuditQuery = NonNullable<paths['/api/identity/audit']['get']['parameters']['query']>;
export type UserQuery = NonNullable<paths['/api/identity/users']['get']['parameters']['query']>;
export type NewUser = paths['/api/identity/users']['post']['requestBody']['content']['application/json'];
export type RoleBody = paths['/api/identity/roles']['post']['requestBody']['content']['application/json'];

export const identityKeys = {
  users: ['identity', 'users'] as const,
  userList: (query: UserQuery) => ['identity', 'users', query] as const,
  user: (id: string) => ['identity', 'users', 'detail', id] as const,
  roles: ['identity', 'roles'] as const,
  permissions: ['identity', 'permissions'] as const,
  audit: (query: AuditQuery) => ['identity', 'audit', query] as const,
  mySessions: ['identity', 'my-sessions'] as const,
  mfaEnrolment: ['identity', 'mfa-enrolment'] as const,
};

// Sign-in, reset, multi-factor.
export const login = (body: { login: string; password: string }) => call(api.POST('/api/identity/login', { body }));
export const loginMfa = (code: string) => call(api.POST('/api/identity/login/mfa', { body: { code } }));
export const resetPassword = (token: string, newPassword: string) =>
  call(api.POST('/api/identity/password-reset', { body: { token, newPassword } }));
export const startMfaEnrolment = () => call(api.POST('/api/identity/me/mfa/enrolment'));
export const confirmMfaEnrolment = (code: string) => call(api.POST('/api/identity/me/mfa/enrolment/confirm', { body: { code } }));

// The signed-in user's sessions.
export const useMySessions = () =>
  useQuery({ queryKey: identityKeys.mySessions, queryFn: () => call(api.GET('/api/identity/me/sessions')) });
export const endMySession = (id: string) => call(api.DELETE('/api/identity/me/sessions/{id}', { params: { path: { id } } }));

// Users and grants.
export const fetchUsers = (query: UserQuery) => call(api.GET('/api/identity/users', { params: { query } }));
export const useUser = (id: string) =>
  useQuery({ queryKey: identityKeys.user(id), queryFn: () => call(api.GET('/api/identity/users/{id}', { params: { path: { id } } })) });
export const createUser = (body: NewUser) => call(api.POST('/api/identity/users', { body }));
export const updateUser = (user: User, changes: { displayName: string; email: string | null; phone: string | null }) =>
  call(api.PATCH('/api/identity/users/{id}', { params: { path: { id: user.id } }, body: { version: user.version, ...changes } }));
export const setUserStatus = (user: User, status: User['status'], reason: string) =>
  call(api.PATCH('/api/identity/users/{id}', { params: { path: { id: user.id } }, body: { version: user.version, status, reason } }));
export const issuePasswordReset = (id: string) => call(api.POST('/api/identity/users/{id}/password-reset', { params: { path: { id } } }));
export const endUserSessions = (id: string) => call(api.DELETE('/api/identity/users/{id}/sessions', { params: { path: { id } } }));
export const grantRole = (body: { userId: string; roleId: string; unitId: string }) => call(api.POST('/api/identity/grants', { body }));
export const revokeGrant = (id: string) => call(api.DELETE('/api/identity/grants/{id}', { params: { path: { id } } }));

// Roles and permissions.
export const useRoles = (enabled = true) =>
  useQuery({ queryKey: identityKeys.roles, queryFn: () => call(api.GET('/api/identity/roles')), enabled });
export const usePermissionList = () =>
  useQuery({ queryKey: identityKeys.permissions, queryFn: () => call(api.GET('/api/identity/permissions')) });
export const createRole = (body: RoleBody) => call(api.POST('/api/identity/roles', { body }));
export const updateRole = (id: string, body: Omit<RoleBody, 'key'>) =>
  call(api.PATCH('/api/identity/roles/{id}', { params: { path: { id } }, body }));
export const deleteRole = (id: string) => call(api.DELETE('/api/identity/roles/{id}', { params: { path: { id } } }));

// Audit.
export const fetchAudit = (query: AuditQuery) => call(api.GET('/api/identity/audit', { params: { query } }));
