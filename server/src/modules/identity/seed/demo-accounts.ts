import { sql } from 'drizzle-orm';
import type { SeedStep } from '../../../platform/seed/pipeline.ts';
import { DEMO_SESSION_SECRET } from '../../../platform/config.ts';
import { encryptSecret, hashPassword } from '../crypto.ts';
import { grants, roles, users } from '../schema.ts';

/**
 * The demo province's accounts, one per role, with the passwords and TOTP secrets printed in the
 * README. They are marked `demo_password`, and a non-demo start refuses while any keeps it.
 */
export const DEMO_PASSWORD = 'GiaoDucSo@2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  roleKey: string;
  at: 'department' | 'commune' | 'school' | 'school2';
  /** Base32 TOTP secret for roles that must use MFA (published: demo only). */
  totpSecret?: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    username: 'admin',
    displayName: 'Quản trị hệ thống',
    roleKey: 'system_admin',
    at: 'department',
    totpSecret: 'GDSDEMOADMINAAAAAAAAAAAAAAAAAAAA',
  },
  {
    username: 'lanhdao.so',
    displayName: 'Nguyễn Văn Hùng',
    roleKey: 'department_leader',
    at: 'department',
    totpSecret: 'GDSDEMOLEADERAAAAAAAAAAAAAAAAAAA',
  },
  {
    username: 'chuyenvien.so',
    displayName: 'Trần Thị Mai',
    roleKey: 'department_officer',
    at: 'department',
    totpSecret: 'GDSDEMOOFFICERAAAAAAAAAAAAAAAAAA',
  },
  { username: 'canbo.xa', displayName: 'Lê Văn Nam', roleKey: 'commune_officer', at: 'commune' },
  {
    username: 'hieutruong',
    displayName: 'Phạm Thị Lan',
    roleKey: 'principal',
    at: 'school',
    totpSecret: 'GDSDEMOPRINCIPALAAAAAAAAAAAAAAAA',
  },
  { username: 'vanphong', displayName: 'Hoàng Thị Hương', roleKey: 'school_office', at: 'school' },
  { username: 'giaovien', displayName: 'Vũ Minh Tuấn', roleKey: 'teacher', at: 'school' },
  { username: 'gvcn', displayName: 'Đặng Thu Hà', roleKey: 'homeroom_teacher', at: 'school' },
  { username: 'giaovien2', displayName: 'Bùi Quang Huy', roleKey: 'teacher', at: 'school2' },
];

export const demoAccountsStep: SeedStep = {
  id: 'identity.demo-accounts',
  version: 1,
  phase: 10,
  async run({ tx, size, log }) {
    // Only the demo: a province-size data set is for benchmarks, which run without demo mode
    // (and a published password would rightly stop such a start).
    if (size !== 'demo') return;
    // The tree comes from the org module's steps: the department root, the commune with the most
    // schools, a lower-secondary school there, and a school of another commune.
    const places = await tx.execute(sql`
      WITH root AS (SELECT id FROM org.units WHERE parent_id IS NULL AND type = 'department' ORDER BY code LIMIT 1),
      commune AS (
        SELECT c.id FROM org.units c JOIN org.units s ON s.parent_id = c.id AND s.type = 'school'
        WHERE c.type = 'commune' GROUP BY c.id, c.code ORDER BY count(*) DESC, c.code LIMIT 1),
      school AS (
        SELECT s.id FROM org.units s WHERE s.parent_id = (SELECT id FROM commune) AND s.type = 'school'
        ORDER BY (s.school_level = 'thcs') DESC, s.code LIMIT 1),
      school2 AS (
        SELECT s.id FROM org.units s WHERE s.type = 'school' AND s.parent_id <> (SELECT id FROM commune)
        ORDER BY (s.school_level = 'thcs') DESC, s.code LIMIT 1)
      SELECT (SELECT id FROM root) AS department, (SELECT id FROM commune) AS commune,
             (SELECT id FROM school) AS school, (SELECT id FROM school2) AS school2`);
    const at = places.rows[0] as Record<DemoAccount['at'], string | null>;
    if (!at.department) {
      log.warn('no organisation tree yet: demo accounts not created');
      return;
    }
    const hash = await hashPassword(DEMO_PASSWORD, { memoryKib: 19456, timeCost: 2, parallelism: 1 });
    const secretKey = process.env.SESSION_SECRET || DEMO_SESSION_SECRET;
    for (const account of demoAccounts) {
      const unitId = at[account.at] ?? at.department;
      const [user] = await tx
        .insert(users)
        .values({
          username: account.username,
          displayName: account.displayName,
          homeUnitId: unitId,
          passwordHash: hash,
          demoPassword: true,
          mfaSecret: account.totpSecret ? encryptSecret(account.totpSecret, secretKey) : null,
          mfaEnabledAt: account.totpSecret ? new Date() : null,
        })
        .onConflictDoNothing({ target: users.username })
        .returning({ id: users.id });
      if (!user) continue; // already there: keep whatever its owner changed
      const [role] = await tx.select({ id: roles.id }).from(roles).where(sql`${roles.key} = ${account.roleKey}`);
      if (role) await tx.insert(grants).values({ userId: user.id, roleId: role.id, unitId: unitId! }).onConflictDoNothing();
    }
  },
};
