import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/support/test-db.ts';
import { type Database, pgErrorOf } from '../db/database.ts';
import { auditEvents } from '../db/schema.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

describe('database foundation', () => {
  it('folds Vietnamese text for accent-insensitive search, đ included', async () => {
    const [row] = await database.query<{ f: string }>("SELECT platform.fold('Nguyễn Văn Đức, ĐẶNG Thị Ánh') AS f");
    expect(row?.f).toBe('nguyen van duc, dang thi anh');
  });

  it('matches "nguyen van an" against "Nguyễn Văn An" in full-text search', async () => {
    const [row] = await database.query<{ m: boolean; n: boolean }>(
      `SELECT to_tsvector('platform.vi_unaccent', 'Nguyễn Văn An') @@ plainto_tsquery('platform.vi_unaccent', 'nguyen van an') AS m,
              to_tsvector('platform.vi_unaccent', 'Nguyễn Văn An') @@ plainto_tsquery('platform.vi_unaccent', 'nguyen van binh') AS n`,
    );
    expect(row).toEqual({ m: true, n: false });
  });

  it('can index the fold (it is IMMUTABLE)', async () => {
    await database.exec(`CREATE TEMP TABLE names (n text); CREATE INDEX ON names (platform.fold(n));`);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit trail', async () => {
    await database.db.insert(auditEvents).values({ actorLabel: 'test', action: 'test.x', entityType: 'x' });
    const refused = async (q: Promise<unknown>) =>
      pgErrorOf(
        await q.then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
    expect(await refused(database.db.update(auditEvents).set({ action: 'rewritten' }))).toMatchObject({
      code: '42501',
      message: expect.stringMatching(/append-only \(UPDATE refused\)/),
    });
    expect((await refused(database.db.delete(auditEvents)))?.message).toMatch(/DELETE refused/);
    expect((await refused(database.db.execute(sql`TRUNCATE platform.audit_events`)))?.message).toMatch(/TRUNCATE refused/);
    const [row] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM platform.audit_events');
    expect(row?.n).toBe(1);
  });

  it('keeps numeric values as exact strings', async () => {
    const [row] = await database.query<{ v: string }>('SELECT 7.05::numeric(4,2) AS v');
    expect(row?.v).toBe('7.05');
  });
});
