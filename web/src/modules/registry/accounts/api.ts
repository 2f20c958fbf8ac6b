import { api, call, type components, problemFromResponse } from '../../../api/client.ts';
import { currentLanguage } from '../../../i18n/index.ts';

export type OwnRecord = components['schemas']['RegistryOwnRecord'];
export type AccountsState = components['schemas']['RegistryStudentAccountsState'];
export type CreatedAccounts = components['schemas']['RegistryStudentAccountsCreated'];

export const accountKeys = {
  children: ['registry', 'me', 'children'] as const,
  student: ['registry', 'me', 'student'] as const,
  ofStudent: (id: string) => ['registry', 'student-accounts', id] as const,
  ofClass: (id: string) => ['registry', 'class-accounts', id] as const,
};

export const fetchMyChildren = () => call(api.GET('/api/registry/me/children'));
export const fetchMyStudent = () => call(api.GET('/api/registry/me/student'));
export const fetchStudentAccounts = (id: string) => call(api.GET('/api/registry/students/{id}/accounts', { params: { path: { id } } }));
export const inviteGuardian = (id: string, guardianId: string, channel: 'email' | 'phone') =>
  call(
    api.POST('/api/registry/students/{id}/guardians/{guardianId}/invitations', { params: { path: { id, guardianId } }, body: { channel } }),
  );
export const redeemInvitation = (body: { contact: string; code: string; username: string; password: string }) =>
  call(api.POST('/api/registry/account-invitations/redeem', { body }));
export const fetchClassAccounts = (id: string) =>
  call(api.GET('/api/registry/classes/{id}/student-accounts', { params: { path: { id } } }));
export const createClassAccounts = (id: string) =>
  call(api.POST('/api/registry/classes/{id}/student-accounts', { params: { path: { id } } }));

/**
 * Downloads an Excel export (GET, the session cookie): a refusal (403 bulk export, 404) arrives
 * as an ApiProblem for the page to show, the file is saved under the server's name.
 */
export async function downloadExport(url: string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { 'accept-language': currentLanguage() } });
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    throw problemFromResponse(res, body);
  }
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : (/filename="([^"]+)"/.exec(disposition)?.[1] ?? 'danh-sach.xlsx');
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
