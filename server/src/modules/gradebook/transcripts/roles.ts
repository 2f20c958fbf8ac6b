/**
 * Who signs a transcript, in this order (regulations.md §8.2): the homeroom teacher (personal
 * certificate), the principal (personal certificate), then the school's organisation seal.
 * The role travels in the signature dictionary's /Reason as "<label>: <text>", so any PDF reader
 * shows it and verifyPdf can read it back.
 */
export const SIGNATURE_ROLES = ['homeroomTeacher', 'principal', 'seal'] as const;
export type SignatureRole = (typeof SIGNATURE_ROLES)[number];

export const ROLE_LABEL: Record<SignatureRole, string> = {
  homeroomTeacher: 'Giáo viên chủ nhiệm',
  principal: 'Hiệu trưởng',
  seal: 'Con dấu đơn vị',
};

export const ROLE_DEFAULT_REASON: Record<SignatureRole, string> = {
  homeroomTeacher: 'xác nhận nhận xét và kết quả học bạ',
  principal: 'phê duyệt học bạ',
  seal: 'đóng dấu xác nhận học bạ',
};

export function reasonFor(role: SignatureRole, text?: string): string {
  return `${ROLE_LABEL[role]}: ${text ?? ROLE_DEFAULT_REASON[role]}`;
}

export function roleFromReason(reason: string | null): SignatureRole | null {
  if (!reason) return null;
  return SIGNATURE_ROLES.find((role) => reason.startsWith(`${ROLE_LABEL[role]}:`)) ?? null;
}
