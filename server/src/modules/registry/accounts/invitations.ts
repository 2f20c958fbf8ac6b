import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Settings } from '../../../platform/config.ts';
import { type AuditActor, recordAudit } from '../../../platform/audit.ts';
import type { Database, Tx } from '../../../platform/db/database.ts';
import { AppError, badRequest, conflict, notFound, unprocessable } from '../../../platform/errors.ts';
import type { Outbox } from '../../../platform/notify/index.ts';
import { type Actor, checkAccountPassword, checkPassword, hashPassword, insertPersonalAccount } from '../../identity/public.ts';
import { findUnit } from '../../org/public.ts';
import { isUuid } from '../access.ts';
import { requireStudent } from '../commands/students.ts';
import * as repo from '../repo.ts';
import { accountInvitations, guardians, studentGuardians } from '../schema.ts';
import {
  type GuardianRecord,
  hashInvitationCode,
  INVITATION_HOURS,
  INVITATION_MAX_ATTEMPTS,
  invitationOpen,
  invitationProblem,
  maskContact,
  newInvitationCode,
  normaliseContact,
  normaliseEmail,
  normalisePhone,
  phoneSpellings,
  sameGuardian,
  USERNAME_PATTERN,
} from './rules.ts';

const field = (code: string, path: string, params: Record<string, unknown> = {}) =>
  unprocessable(code, params, [{ path: `body.${path}`, code, params }]);
const spaced = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

export interface InvitationDto {
  id: string;
  channel: 'email' | 'phone';
  destination: string;
  expiresAt: string;
}

/**
 * Invites a guardian of a student to an account: a one-time code by e-mail or by SMS, through the
 * platform outbox (urgent: the guardian is waiting for it, night or day). Until an SMS gateway is
 * connected the SMS stays in the outbox, recorded as not sent, and an administrator passes it on. A newer invitation replaces the open ones of the guardian.
 * Needs write access to the student (404 out of reach, 403 visible but read-only).
 */
export async function inviteGuardian(
  tx: Tx,
  deps: { settings: Settings; outbox: Outbox },
  actor: Actor,
  audit: AuditActor,
  input: { studentId: string; guardianId: string; channel: 'email' | 'phone'; now: Date },
): Promise<InvitationDto> {
  const student = await requireStudent(tx, actor, input.studentId, 'registry.student.write');
  if (!isUuid(input.guardianId)) throw notFound();
  const [link] = await tx
    .select()
    .from(studentGuardians)
    .where(and(eq(studentGuardians.studentId, student.id), eq(studentGuardians.guardianId, input.guardianId)));
  const g = link ? await repo.findGuardian(tx, input.guardianId) : undefined;
  if (!g) throw notFound();
  if (g.userId) throw conflict('registry.accounts.guardianHasAccount');
  const destination = input.channel === 'email' ? (g.email ? normaliseEmail(g.email) : null) : g.phone ? normalisePhone(g.phone) : null;
  if (!destination) throw field(input.channel === 'email' ? 'registry.accounts.noEmail' : 'registry.accounts.noPhone', 'channel');

  await tx
    .update(accountInvitations)
    .set({ revokedAt: input.now })
    .where(and(eq(accountInvitations.guardianId, g.id), isNull(accountInvitations.usedAt), isNull(accountInvitations.revokedAt)));
  const id = randomUUID();
  const code = newInvitationCode();
  const expiresAt = new Date(input.now.getTime() + INVITATION_HOURS * 3_600_000);
  await tx.insert(accountInvitations).values({
    id,
    provinceId: student.provinceId,
    guardianId: g.id,
    schoolId: student.schoolId,
    channel: input.channel,
    destination,
    codeHash: hashInvitationCode(code, id, deps.settings.sessionSecret),
    expiresAt,
    createdBy: actor.userId,
  });
  const school = await findUnit(tx, student.schoolId);
  const url = `${deps.settings.publicUrl}/activate`;
  if (input.channel === 'email') {
    await deps.outbox.enqueue(tx, {
      channel: 'email',
      topic: 'registry.guardianInvitation',
      urgent: true,
      to: destination,
      subject: 'Mã kích hoạt tài khoản phụ huynh Giáo Dục Số',
      body: `Xin chào ${g.fullName},\n\n${school?.name ?? 'Nhà trường'} mời bạn tạo tài khoản phụ huynh trên Giáo Dục Số để theo dõi hồ sơ, lớp học của con.\n\nMã kích hoạt: ${spaced(code)}\n\nMở ${url}, nhập địa chỉ e-mail này cùng mã trên, rồi đặt tên đăng nhập và mật khẩu. Mã chỉ dùng được một lần, hết hạn sau ${INVITATION_HOURS} giờ và bị khoá sau ${INVITATION_MAX_ATTEMPTS} lần nhập sai.\n\nNếu bạn không phải phụ huynh của học sinh ${student.fullName}, hãy bỏ qua thư này và báo cho nhà trường.\n`,
    });
  } else {
    await deps.outbox.enqueue(tx, {
      channel: 'sms',
      topic: 'registry.guardianInvitation',
      urgent: true,
      to: destination,
      subject: 'SMS',
      body: `Giao Duc So: ma kich hoat tai khoan phu huynh ${spaced(code)}, het han sau ${INVITATION_HOURS} gio. Nhap tai ${url} cung so dien thoai nay.`,
    });
  }
  await recordAudit(tx, audit, {
    action: 'registry.account.invite',
    entityType: 'registry.guardian',
    entityId: g.id,
    orgUnitId: student.schoolId,
    // Never the code: only who, how and until when.
    after: {
      invitationId: id,
      studentId: student.id,
      channel: input.channel,
      destination: maskContact(input.channel, destination),
      expiresAt: expiresAt.toISOString(),
    },
  });
  return { id, channel: input.channel, destination: maskContact(input.channel, destination), expiresAt: expiresAt.toISOString() };
}

export interface RedeemInput {
  contact: string;
  code: string;
  username: string;
  password: string;
  ip: string;
  userAgent: string | undefined;
  now: Date;
}

type Outcome = { ok: true; username: string; userId: string; created: boolean; linked: number } | { ok: false; error: AppError };

/** Guardian records of the province sharing a phone, e-mail or CCCD with `g`. */
async function candidateRecords(tx: Tx, g: repo.GuardianRow): Promise<GuardianRecord[]> {
  const phone = g.phone ? normalisePhone(g.phone) : null;
  const email = g.email ? normaliseEmail(g.email) : null;
  const conditions = [
    // Records keep phones as typed ('0912 345 678', '+84 912…'): compared on their digits. Not indexed,
    // but bounded by the province and run once per redemption.
    ...(phone
      ? [
          sql`regexp_replace(${guardians.phone}, '[^0-9]', '', 'g') = ANY(${`{${phoneSpellings(phone)
            .map((p) => p.replace(/\D/g, ''))
            .join(',')}}`}::text[])`,
        ]
      : []),
    ...(email ? [sql`lower(${guardians.email}) = ${email}`] : []),
    ...(g.cccd ? [eq(guardians.cccd, g.cccd)] : []),
  ];
  if (conditions.length === 0) return [];
  return tx
    .select({
      id: guardians.id,
      fullName: guardians.fullName,
      cccd: guardians.cccd,
      phone: guardians.phone,
      email: guardians.email,
      userId: guardians.userId,
    })
    .from(guardians)
    .where(and(eq(guardians.provinceId, g.provinceId), sql`(${sql.join(conditions, sql` OR `)})`));
}

/**
 * Redeems a code (public): the contact the code was sent to + the code. A wrong code counts
 * against the open invitations of that contact (locked after INVITATION_MAX_ATTEMPTS); a used,
 * expired, replaced or locked code says so. On success the guardian gets an account — or, when a
 * record of the same person is already linked to one, proves it with that account's password —
 * and every record of the same person is linked to it: one account sees all their children.
 */
export async function redeemInvitation(database: Database, settings: Settings, input: RedeemInput) {
  const contact = normaliseContact(input.contact);
  if (!contact) throw field('registry.accounts.contactInvalid', 'contact');
  const anonymous: AuditActor = { userId: null, label: 'anonymous', ip: input.ip, userAgent: input.userAgent };
  const outcome = await database.db.transaction(async (txAny): Promise<Outcome> => {
    const tx = txAny as unknown as Tx;
    const rows = await tx
      .select()
      .from(accountInvitations)
      .where(and(eq(accountInvitations.destination, contact.value), eq(accountInvitations.channel, contact.channel)))
      .orderBy(desc(accountInvitations.createdAt))
      .limit(20)
      .for('update');
    const match = rows.find((r) => r.codeHash === hashInvitationCode(input.code, r.id, settings.sessionSecret));
    const countWrong = async (code: string, path: string): Promise<Outcome> => {
      const open = rows.filter((r) => invitationOpen(r, input.now));
      if (open.length > 0) {
        await tx
          .update(accountInvitations)
          .set({ attempts: sql`${accountInvitations.attempts} + 1` })
          .where(
            inArray(
              accountInvitations.id,
              open.map((r) => r.id),
            ),
          );
      }
      const left = open.length > 0 ? Math.max(0, INVITATION_MAX_ATTEMPTS - Math.max(...open.map((r) => r.attempts + 1))) : 0;
      await recordAudit(tx, anonymous, {
        action: 'registry.account.redeemFailed',
        entityType: 'registry.guardian',
        entityId: open[0]?.guardianId ?? null,
        after: { contact: maskContact(contact.channel, contact.value), reason: code, attemptsLeft: left },
      });
      const error = open.length > 0 && left === 0 ? 'registry.accounts.codeLocked' : code;
      return {
        ok: false,
        error: new AppError(error, 400, { attemptsLeft: left }, [{ path: `body.${path}`, code: error, params: { attemptsLeft: left } }]),
      };
    };
    if (!match) return countWrong('registry.accounts.codeInvalid', 'code');
    const problem = invitationProblem(match, input.now);
    if (problem) {
      await recordAudit(tx, anonymous, {
        action: 'registry.account.redeemFailed',
        entityType: 'registry.guardian',
        entityId: match.guardianId,
        after: { invitationId: match.id, reason: problem },
      });
      return { ok: false, error: badRequest(problem, {}, [{ path: 'body.code', code: problem }]) };
    }
    const g = (await repo.findGuardian(tx, match.guardianId))!;
    // Records of the same person already linked to an account: the guardian signs in with that one.
    const candidates = await candidateRecords(tx, g);
    const samePerson = new Set(
      sameGuardian(
        g,
        candidates.map((r) => ({ ...r, userId: null })),
      ).map((r) => r.id),
    );
    const existing = [
      ...new Set([g.userId, ...candidates.filter((r) => samePerson.has(r.id)).map((r) => r.userId)].filter((u): u is string => !!u)),
    ];
    if (existing.length > 1) return { ok: false, error: conflict('registry.accounts.severalAccounts') };
    let userId: string;
    let username: string;
    let created = false;
    if (existing.length === 1) {
      const account = await checkAccountPassword(tx, input.username, input.password);
      if (!account || account.id !== existing[0] || account.kind !== 'guardian')
        return countWrong('registry.accounts.useExistingAccount', 'password');
      userId = account.id;
      username = input.username.trim().toLowerCase();
    } else {
      username = input.username.trim().toLowerCase();
      if (!USERNAME_PATTERN.test(username)) return { ok: false, error: field('registry.accounts.usernameInvalid', 'username') };
      const weak = checkPassword(input.password, { username });
      if (weak) return { ok: false, error: field(weak, 'password') };
      const id = await insertPersonalAccount(
        tx,
        {
          username,
          displayName: g.fullName,
          kind: 'guardian',
          homeUnitId: match.schoolId,
          passwordHash: await hashPassword(input.password, settings.argon2),
          mustChangePassword: false,
        },
        input.now,
      );
      if (!id)
        return {
          ok: false,
          error: new AppError('registry.accounts.usernameTaken', 409, {}, [
            { path: 'body.username', code: 'registry.accounts.usernameTaken' },
          ]),
        };
      userId = id;
      created = true;
      await recordAudit(
        tx,
        { ...anonymous, userId, label: username },
        {
          action: 'registry.account.create',
          entityType: 'identity.user',
          entityId: userId,
          orgUnitId: match.schoolId,
          after: { kind: 'guardian', username, displayName: g.fullName, invitationId: match.id },
        },
      );
    }
    const records = [g.id, ...sameGuardian(g, candidates, userId).map((r) => r.id)];
    const linked = await tx
      .update(guardians)
      .set({ userId, updatedAt: input.now })
      .where(and(inArray(guardians.id, records), isNull(guardians.userId)))
      .returning({ id: guardians.id });
    await tx.update(accountInvitations).set({ usedAt: input.now, userId }).where(eq(accountInvitations.id, match.id));
    await tx
      .update(accountInvitations)
      .set({ revokedAt: input.now })
      .where(and(inArray(accountInvitations.guardianId, records), isNull(accountInvitations.usedAt), isNull(accountInvitations.revokedAt)));
    await recordAudit(
      tx,
      { ...anonymous, userId, label: username },
      {
        action: 'registry.account.redeem',
        entityType: 'registry.guardian',
        entityId: g.id,
        orgUnitId: match.schoolId,
        after: { invitationId: match.id, userId, newAccount: created, guardianRecordsLinked: linked.map((r) => r.id) },
      },
    );
    return { ok: true, username, userId, created, linked: linked.length };
  });
  if (!outcome.ok) throw outcome.error;
  return { username: outcome.username, newAccount: outcome.created };
}
