/**
 * The roles a signature can carry, for every document type the platform signs. The role travels
 * in the signature dictionary's /Reason as "<label>: <text>", so any PDF reader shows it and
 * verifyPdf can read it back. A document type names the roles it uses and their order (a
 * transcript, regulations.md §8.2: homeroom teacher → principal → the school's seal).
 */
export const SIGNATURE_ROLES = ['homeroomTeacher', 'principal', 'head', 'seal'] as const;
export type SignatureRole = (typeof SIGNATURE_ROLES)[number];

export const ROLE_LABEL: Record<SignatureRole, string> = {
  homeroomTeacher: 'Giáo viên chủ nhiệm',
  principal: 'Hiệu trưởng',
  head: 'Thủ trưởng đơn vị',
  seal: 'Con dấu đơn vị',
};

export const ROLE_DEFAULT_REASON: Record<SignatureRole, string> = {
  homeroomTeacher: 'xác nhận nhận xét và kết quả học bạ',
  principal: 'phê duyệt học bạ',
  head: 'phê duyệt văn bản',
  seal: 'đóng dấu xác nhận',
};

export function reasonFor(role: SignatureRole, text?: string): string {
  return `${ROLE_LABEL[role]}: ${text ?? ROLE_DEFAULT_REASON[role]}`;
}

export function roleFromReason(reason: string | null): SignatureRole | null {
  if (!reason) return null;
  return SIGNATURE_ROLES.find((role) => reason.startsWith(`${ROLE_LABEL[role]}:`)) ?? null;
}
