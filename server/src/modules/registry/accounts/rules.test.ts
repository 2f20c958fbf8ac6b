import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPassword } from '../../identity/rules/password-policy.ts';
import { isBulkExport } from '../export/rules.ts';
import {
  CODE_LENGTH,
  type GuardianRecord,
  hashInvitationCode,
  INVITATION_MAX_ATTEMPTS,
  initialPassword,
  invitationProblem,
  maskContact,
  newInvitationCode,
  normaliseCode,
  normaliseContact,
  normalisePhone,
  phoneSpellings,
  sameGuardian,
  studentUsername,
  USERNAME_PATTERN,
} from './rules.ts';

describe('contacts', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['091.234.5678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['84912345678', '0912345678'],
    ['(+84) 912-345-678', '0912345678'],
    ['912345678', null],
    ['09123456789', null],
    ['0912abc678', null],
    ['', null],
  ])('phone %s → %s', (input, out) => expect(normalisePhone(input)).toBe(out));

  it('tells e-mail from phone and normalises both', () => {
    expect(normaliseContact('  An.Nguyen@Mail.VN ')).toEqual({ channel: 'email', value: 'an.nguyen@mail.vn' });
    expect(normaliseContact('+84 912 345 678')).toEqual({ channel: 'phone', value: '0912345678' });
    expect(normaliseContact('an@')).toBeNull();
    expect(normaliseContact('hello')).toBeNull();
  });

  it('lists the spellings of one number that records hold', () => {
    expect(phoneSpellings('0912345678')).toEqual(['0912345678', '+84912345678', '84912345678']);
  });

  it('masks what it shows back', () => {
    expect(maskContact('phone', '0912345678')).toBe('091****678');
    expect(maskContact('email', 'an.nguyen@mail.vn')).toBe('a*******n@mail.vn');
    expect(maskContact('email', 'ab@x.vn')).toBe('a@x.vn');
  });
});

describe('invitation codes', () => {
  it('are 8 unambiguous characters, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, newInvitationCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(new RegExp(`^[A-HJKMNP-Z2-9]{${CODE_LENGTH}}$`));
  });

  it('hash to a value bound to the invitation and the secret; typing case, spaces and dashes do not matter', () => {
    const h = hashInvitationCode('ABCD2345', 'inv-1', 's'.repeat(32));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInvitationCode('abcd-2345', 'inv-1', 's'.repeat(32))).toBe(h);
    expect(hashInvitationCode(' abcd 2345', 'inv-1', 's'.repeat(32))).toBe(h);
    expect(hashInvitationCode('ABCD2345', 'inv-2', 's'.repeat(32))).not.toBe(h);
    expect(hashInvitationCode('ABCD2345', 'inv-1', 't'.repeat(32))).not.toBe(h);
    expect(normaliseCode('ab-cd 23')).toBe('ABCD23');
  });

  const now = new Date('2026-11-28T10:00:00Z');
  const open = { usedAt: null, revokedAt: null, attempts: 0, expiresAt: new Date('2026-11-30T10:00:00Z') };
  it.each([
    [open, null],
    [{ ...open, usedAt: now }, 'registry.accounts.codeUsed'],
    [{ ...open, revokedAt: now }, 'registry.accounts.codeRevoked'],
    [{ ...open, attempts: INVITATION_MAX_ATTEMPTS }, 'registry.accounts.codeLocked'],
    [{ ...open, attempts: INVITATION_MAX_ATTEMPTS - 1 }, null],
    [{ ...open, expiresAt: now }, 'registry.accounts.codeExpired'],
    [{ ...open, expiresAt: new Date(now.getTime() + 1) }, null],
  ])('state %# → %s', (inv, problem) => expect(invitationProblem(inv, now)).toBe(problem));
});

describe('one guardian, several records', () => {
  const invited: GuardianRecord = { id: 'g1', fullName: 'Nguyễn Văn Hùng', cccd: null, phone: '0912345678', email: null, userId: null };
  const rec = (id: string, extra: Partial<typeof invited>) => ({ ...invited, id, ...extra });

  it('joins the records of the same name and the same phone, however written', () => {
    const found = sameGuardian(invited, [
      rec('g2', { phone: '+84 912 345 678', fullName: 'nguyen van hung' }),
      rec('g3', { phone: '0912.345.678' }),
    ]);
    expect(found.map((g) => g.id)).toEqual(['g2', 'g3']);
  });

  it('keeps apart a parent who shares the family phone under another name', () => {
    expect(sameGuardian(invited, [rec('g2', { fullName: 'Trần Thị Lan' })])).toEqual([]);
  });

  it('keeps apart the same name with another phone, and two different CCCD numbers', () => {
    expect(sameGuardian(invited, [rec('g2', { phone: '0987654321' })])).toEqual([]);
    expect(sameGuardian({ ...invited, cccd: '027080000001' }, [rec('g2', { cccd: '027080000002' })])).toEqual([]);
  });

  it('joins the same CCCD even under a differently spelled name', () => {
    expect(
      sameGuardian({ ...invited, cccd: '027080000001' }, [
        rec('g2', { cccd: '027080000001', fullName: 'Nguyễn V. Hùng', phone: null }),
      ]).map((g) => g.id),
    ).toEqual(['g2']);
  });

  it('joins by e-mail too, and never takes a record linked to another account', () => {
    const withMail = { ...invited, phone: null, email: 'Hung@Mail.vn' };
    expect(sameGuardian(withMail, [rec('g2', { phone: null, email: 'hung@mail.vn' })]).map((g) => g.id)).toEqual(['g2']);
    expect(sameGuardian(invited, [rec('g2', { userId: 'other' })])).toEqual([]);
    expect(sameGuardian(invited, [rec('g2', { userId: 'mine' })], 'mine').map((g) => g.id)).toEqual(['g2']);
  });

  it('never returns the invited record itself, and nothing without a shared contact', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const me = { ...invited, fullName: name || 'x', phone: null, email: null };
        return sameGuardian(me, [me, rec('g9', { fullName: name || 'x' })]).length === 0;
      }),
    );
  });
});

describe('student accounts', () => {
  it('takes the username from the MOET code, else the school code and the student code', () => {
    expect(studentUsername({ moetCode: '2701234567', schoolCode: 'HS01' }, 'THCS-AB')).toBe('hs2701234567');
    expect(studentUsername({ moetCode: null, schoolCode: 'HS 01' }, 'THCS-AB')).toBe('hsthcsab.hs01');
    expect(studentUsername({ moetCode: null, schoolCode: null }, 'THCS-AB')).toBeNull();
    const long = studentUsername({ moetCode: null, schoolCode: 'X1' }, 'a'.repeat(80))!;
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(USERNAME_PATTERN);
  });

  it('makes printable first passwords that pass the password policy', () => {
    fc.assert(
      fc.property(fc.integer(), () => {
        const p = initialPassword();
        return /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/.test(p) && checkPassword(p, { username: 'hs2701234567' }) === undefined;
      }),
      { numRuns: 200 },
    );
  });
});

describe('bulk export', () => {
  it.each([
    [{ classId: 'c' }, 40, 1000, false],
    [{ classId: 'c' }, 1001, 1000, true],
    [{ q: 'nguyen' }, 12, 1000, false],
    [{ q: 'nguyen' }, 1200, 1000, true],
    [{}, 3, 1000, true],
    [{ classId: undefined, q: undefined }, 0, 1000, true],
  ])('%o with %i rows (threshold %i) → %s', (filter, rows, threshold, bulk) => expect(isBulkExport(filter, rows, threshold)).toBe(bulk));
});
