import { createHmac, randomInt } from 'node:crypto';
import { foldForSearch } from '../rules/vietnamese-sort.ts';

/**
 * Pure rules of guardian and student accounts (issue 5 §9): contacts, invitation codes, which
 * guardian records are one person, usernames and first passwords of students. No I/O, no clock
 * (callers pass `now`); randomness only where a secret is made.
 */

/** How long an invitation code is valid, and how many wrong codes it takes. */
export const INVITATION_HOURS = 72;
export const INVITATION_MAX_ATTEMPTS = 5;
/** Students get accounts from lower-secondary school (grade 6) on. */
export const STUDENT_ACCOUNT_MIN_GRADE = 6;

/** Letters and digits a person reads aloud or types without confusing them (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;

/** Vietnamese mobile numbers: 0 + 9 digits; +84 / 84 prefixes and separators are dropped. */
export function normalisePhone(input: string): string | null {
  const digits = input.replace(/[\s.()-]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  let d = digits.replace(/^\+/, '');
  if (d.startsWith('84') && d.length === 11) d = `0${d.slice(2)}`;
  return /^0\d{9}$/.test(d) ? d : null;
}

export function normaliseEmail(input: string): string | null {
  const e = input.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) && e.length <= 120 ? e : null;
}

/** A contact typed on the redemption page: an e-mail address or a phone number, normalised. */
export function normaliseContact(input: string): { channel: 'email' | 'phone'; value: string } | null {
  if (input.includes('@')) {
    const value = normaliseEmail(input);
    return value ? { channel: 'email', value } : null;
  }
  const value = normalisePhone(input);
  return value ? { channel: 'phone', value } : null;
}

/** The ways one phone number is written in records (for an indexed lookup of candidates). */
export function phoneSpellings(normalised: string): string[] {
  const rest = normalised.slice(1);
  return [normalised, `+84${rest}`, `84${rest}`];
}

/** `0912345678` → `091****678`; `an.nguyen@mail.vn` → `a******n@mail.vn`. */
export function maskContact(channel: 'email' | 'phone', value: string): string {
  if (channel === 'phone') return `${value.slice(0, 3)}****${value.slice(-3)}`;
  const [local = '', domain = ''] = value.split('@');
  const shown = local.length <= 2 ? local.slice(0, 1) : `${local[0]}${'*'.repeat(local.length - 2)}${local.at(-1)}`;
  return `${shown}@${domain}`;
}

/** A new one-time code (about 40 bits: with 5 attempts a guess succeeds once in ~10^11). */
export function newInvitationCode(): string {
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** What a person types: case, spaces and dashes do not matter. */
export const normaliseCode = (input: string): string => input.toUpperCase().replace(/[\s-]/g, '');

/**
 * The stored form of a code: an HMAC under a key derived from the server secret, bound to the
 * invitation, so a copy of the database alone cannot test the 31^8 codes offline.
 */
export function hashInvitationCode(code: string, invitationId: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`registry.invitation:${invitationId}:${normaliseCode(code)}`)
    .digest('hex');
}

export interface InvitationState {
  usedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
  attempts: number;
}

export type InvitationProblem =
  | 'registry.accounts.codeUsed'
  | 'registry.accounts.codeExpired'
  | 'registry.accounts.codeLocked'
  | 'registry.accounts.codeRevoked';

/** Whether an invitation whose code matched may still be redeemed at `now`. */
export function invitationProblem(inv: InvitationState, now: Date): InvitationProblem | null {
  if (inv.usedAt) return 'registry.accounts.codeUsed';
  if (inv.revokedAt) return 'registry.accounts.codeRevoked';
  if (inv.attempts >= INVITATION_MAX_ATTEMPTS) return 'registry.accounts.codeLocked';
  if (inv.expiresAt.getTime() <= now.getTime()) return 'registry.accounts.codeExpired';
  return null;
}

/** Still open for attempts (a wrong code counts against these). */
export const invitationOpen = (inv: InvitationState, now: Date): boolean => invitationProblem(inv, now) === null;

export interface GuardianRecord {
  id: string;
  fullName: string;
  cccd: string | null;
  phone: string | null;
  email: string | null;
  userId: string | null;
}

/**
 * The guardian records that are the same person as `invited` (one account for all of them).
 * A household often shares one phone (father and mother, a grandparent), so a shared contact is
 * not enough: the records must also carry the same name (accent-, case- and space-insensitive),
 * and must not hold two different CCCD numbers. The same CCCD is the same person by itself.
 * Records already linked to another account are left alone.
 */
export function sameGuardian(invited: GuardianRecord, candidates: readonly GuardianRecord[], accountId?: string): GuardianRecord[] {
  const phone = invited.phone ? normalisePhone(invited.phone) : null;
  const email = invited.email ? normaliseEmail(invited.email) : null;
  const name = foldForSearch(invited.fullName);
  return candidates.filter((c) => {
    if (c.id === invited.id) return false;
    if (c.userId && c.userId !== accountId) return false;
    if (invited.cccd && c.cccd) return invited.cccd === c.cccd;
    if (foldForSearch(c.fullName) !== name) return false;
    const samePhone = !!phone && !!c.phone && normalisePhone(c.phone) === phone;
    const sameEmail = !!email && !!c.email && normaliseEmail(c.email) === email;
    return samePhone || sameEmail;
  });
}

/** Usernames of accounts: what identity accepts. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

const slug = (s: string) => foldForSearch(s).replace(/[^a-z0-9]/g, '');

/**
 * A student's username from the student code: `hs` + the MOET code (unique in the country), or,
 * without one, `hs` + the school's code + `.` + the school's student code. Null when the student
 * has neither code (the school fills one in first).
 */
export function studentUsername(s: { moetCode: string | null; schoolCode: string | null }, schoolUnitCode: string): string | null {
  if (s.moetCode && slug(s.moetCode)) return `hs${slug(s.moetCode)}`.slice(0, 64);
  if (s.schoolCode && slug(s.schoolCode)) {
    const name = `hs${slug(schoolUnitCode)}.${slug(s.schoolCode)}`;
    return name.length <= 64 ? name : `hs${slug(schoolUnitCode).slice(0, 64 - 3 - slug(s.schoolCode).length)}.${slug(s.schoolCode)}`;
  }
  return null;
}

const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A first password to print: 3 groups of 4 (`kq7m-x3tb-9hfw`), 14 characters, ~60 bits. */
export function initialPassword(): string {
  const group = () => Array.from({ length: 4 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}
