import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { createTestTree, signIn } from '../../modules/identity/tests/factories.ts';
import { modules } from '../../modules.ts';
import { runAnchorJob } from '../audit-anchor-job.ts';
import { checkChains, latestAnchor, writeAnchor } from '../audit-anchor.ts';
import { auditChain, type ChainAnchorHead, chainLink, verifyChains } from '../audit-chain.ts';
import { administratorsOf, chainsOf } from '../audit-chains.ts';
import { recordAudit, systemActor } from '../audit.ts';
import type { Database, Tx } from '../db/database.ts';

let t: TestApp;
let dataDir: string;
const chains = () => chainsOf(modules);

/** Writes `n` audit entries in the stream of organisation unit `unit`, one transaction each. */
async function writeEntries(database: Database, unit: string, n: number, label = 'test') {
  for (let i = 0; i < n; i++) {
    await database.db.transaction(async (tx) =>
      recordAudit(tx as unknown as Tx, systemActor(label), {
        action: 'test.chain.write',
        entityType: 'test',
        entityId: String(i),
        orgUnitId: unit,
        after: { i, text: 'Nguyễn Thị Ánh — điểm 7,5' },
      }),
    );
  }
}

/** Runs `work` on one connection with the append-only trigger off, as a table owner could. */
async function asOwnerWithoutTriggers(database: Database, table: string, work: (tx: Tx) => Promise<unknown>) {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`));
    await work(tx as unknown as Tx);
    await tx.execute(sql.raw(`ALTER TABLE ${table} ENABLE TRIGGER USER`));
  });
}

const problemsIn = async (stream: string, anchor?: readonly ChainAnchorHead[]) =>
  (await verifyChains(t.database, chains(), { anchor })).problems.filter((p) => p.stream === stream);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-audit-chain-'));
  t = await createTestApp({ env: { DATA_DIR: dataDir } });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the hash chains of the audit trail', () => {
  it('hashes in the database exactly as the verifier does in JavaScript', async () => {
    const [row] = await t.database.query<{ h: string }>("SELECT platform.chain_link('', 1, 'unit:x', 'P') AS h");
    expect(row!.h).toBe(createHash('sha256').update('|1|6:unit:x|P').digest('hex'));
    const unit = randomUUID();
    await writeEntries(t.database, unit, 3);
    const rows = await t.database.query<{ chain_seq: string; chain_hash: string; chain_stream: string }>(
      'SELECT chain_stream, chain_seq::text AS chain_seq, chain_hash FROM platform.audit_events WHERE org_unit_id = $1 ORDER BY chain_seq',
      [unit],
    );
    expect(rows.map((r) => [r.chain_stream, Number(r.chain_seq)])).toEqual([
      [`unit:${unit}`, 1],
      [`unit:${unit}`, 2],
      [`unit:${unit}`, 3],
    ]);
    expect(await problemsIn(`unit:${unit}`)).toEqual([]);
    expect(chainLink('', 1, 's', [null, 'a'])).not.toBe(chainLink('', 1, 's', ['', 'a']));
  });

  it('stays one valid chain per stream when many transactions write to few streams at once', async () => {
    const units = [randomUUID(), randomUUID(), randomUUID()];
    const writers = Array.from({ length: 24 }, (_, i) =>
      t.database.db.transaction(async (tx) => {
        const unit = units[i % units.length]!;
        await recordAudit(tx as unknown as Tx, systemActor(`writer-${i}`), {
          action: 'test.chain.concurrent',
          entityType: 'test',
          orgUnitId: unit,
        });
        // Hold the transaction open a moment, so that on a server the others queue on the head row.
        await tx.execute(sql`SELECT pg_sleep(0.01)`);
        await recordAudit(tx as unknown as Tx, systemActor(`writer-${i}`), {
          action: 'test.chain.concurrent',
          entityType: 'test',
          orgUnitId: unit,
        });
      }),
    );
    await Promise.all(writers);
    for (const unit of units) {
      const seqs = await t.database.query<{ s: string }>(
        'SELECT chain_seq::text AS s FROM platform.audit_events WHERE org_unit_id = $1 ORDER BY chain_seq',
        [unit],
      );
      expect(seqs.map((r) => Number(r.s))).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      expect(await problemsIn(`unit:${unit}`)).toEqual([]);
    }
    const [head] = await t.database.query<{ seq: string }>(
      "SELECT seq::text AS seq FROM platform.chain_heads WHERE chain = 'audit' AND stream = $1",
      [`unit:${units[0]}`],
    );
    expect(Number(head!.seq)).toBe(16);
  });

  it('finds an entry changed with the triggers disabled, one removed from the middle, and a stream cut short', async () => {
    const [changed, gap, cut] = [randomUUID(), randomUUID(), randomUUID()];
    for (const unit of [changed, gap, cut]) await writeEntries(t.database, unit, 4);
    const idOf = async (unit: string, seq: number) =>
      (
        await t.database.query<{ id: string }>(
          'SELECT id::text AS id FROM platform.audit_events WHERE org_unit_id = $1 AND chain_seq = $2',
          [unit, seq],
        )
      )[0]!.id;
    const changedId = await idOf(changed, 2);
    await asOwnerWithoutTriggers(t.database, 'platform.audit_events', async (tx) => {
      await tx.execute(sql`UPDATE platform.audit_events SET reason = 'sửa lén' WHERE id = ${changedId}`);
      await tx.execute(sql`DELETE FROM platform.audit_events WHERE org_unit_id = ${gap} AND chain_seq = 3`);
      await tx.execute(sql`DELETE FROM platform.audit_events WHERE org_unit_id = ${cut} AND chain_seq = 4`);
    });
    expect(await problemsIn(`unit:${changed}`)).toEqual([
      { chain: 'audit', stream: `unit:${changed}`, kind: 'hash', seq: 2, id: changedId },
    ]);
    expect((await problemsIn(`unit:${gap}`)).map((p) => [p.kind, p.seq])).toEqual([
      ['sequence', 4],
      ['hash', 4],
    ]);
    expect((await problemsIn(`unit:${cut}`)).map((p) => [p.kind, p.seq])).toEqual([['head', 3]]);
  });

  it('finds an entry changed under session_replication_role = replica, where the role may set it, and the app role may not on a server', async () => {
    const unit = randomUUID();
    await writeEntries(t.database, unit, 2);
    const tamper = t.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE platform.audit_events SET after = '{"i": 99}' WHERE org_unit_id = ${unit} AND chain_seq = 1`);
    });
    if (t.database.kind === 'pglite') {
      // The embedded database's only role is a superuser: it can, and the chain shows it.
      await tamper;
      expect((await problemsIn(`unit:${unit}`)).map((p) => [p.kind, p.seq])).toEqual([['hash', 1]]);
    } else {
      // An ordinary role (the app's on a server) is refused the setting itself.
      await expect(tamper).rejects.toThrow(/permission denied|session_replication_role/);
      expect(await problemsIn(`unit:${unit}`)).toEqual([]);
    }
  });

  it('a stream rewritten consistently, head included, is caught by the signed anchor written before', async () => {
    const unit = randomUUID();
    await writeEntries(t.database, unit, 3);
    const { document, file } = await writeAnchor(t.database, chains(), dataDir);
    expect(latestAnchor(dataDir)).toMatchObject({ file, valid: true });
    expect(document.heads.find((h) => h.stream === `unit:${unit}`)).toMatchObject({ seq: 3 });
    // Rewrite entry 2 and re-link 2 and 3 with the database's own functions, then the head.
    await asOwnerWithoutTriggers(t.database, 'platform.audit_events', async (tx) => {
      await tx.execute(sql`UPDATE platform.audit_events SET reason = 'viết lại' WHERE org_unit_id = ${unit} AND chain_seq = 2`);
      await tx.execute(sql`DO $$ DECLARE e platform.audit_events; prev text := ''; BEGIN
        FOR e IN SELECT * FROM platform.audit_events WHERE org_unit_id = '${sql.raw(unit)}' ORDER BY chain_seq LOOP
          prev := platform.chain_link(prev, e.chain_seq, e.chain_stream, platform.audit_payload(e));
          UPDATE platform.audit_events SET chain_hash = prev WHERE id = e.id;
        END LOOP;
        UPDATE platform.chain_heads SET hash = prev WHERE chain = 'audit' AND stream = 'unit:${sql.raw(unit)}';
      END $$`);
    });
    // Consistent in itself…
    expect(await problemsIn(`unit:${unit}`)).toEqual([]);
    // …but not with what was signed outside the database.
    const check = await checkChains(t.database, chains(), dataDir);
    expect(check.ok).toBe(false);
    expect(check.problems.filter((p) => p.stream === `unit:${unit}`).map((p) => [p.kind, p.seq])).toEqual([['anchor', 3]]);
    // The status API reports it.
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json().auditChain).toMatchObject({ checked: true, ok: false });
    expect(health.json().auditChain.problems).toBeGreaterThan(0);
  });

  it('refuses an anchor file whose heads were edited: its signature no longer holds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-anchor-'));
    try {
      const { file } = await writeAnchor(t.database, chains(), dir);
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      doc.heads[0].hash = '0'.repeat(64);
      fs.writeFileSync(file, JSON.stringify(doc));
      expect(latestAnchor(dir)?.valid).toBe(false);
      expect((await checkChains(t.database, chains(), dir)).anchor).toMatchObject({ valid: false });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the nightly job signs the heads into a file under DATA_DIR and mails the system administrators through the outbox', async () => {
    const adminEmail = `quantri.${randomUUID().slice(0, 8)}@so-gd.example.vn`;
    const tree = await createTestTree(t.database);
    const admin = await signIn(undefined, t.database, { roleKey: 'system_admin', unitId: tree.department });
    await t.database.query('UPDATE identity.users SET email = $1 WHERE id = $2', [adminEmail, admin.userId]);
    expect(await administratorsOf(modules)(t.database.db)).toContain(adminEmail);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-anchor-job-'));
    try {
      const out = await runAnchorJob({
        database: t.database,
        chains: chains(),
        dataDir: dir,
        mailer: t.app.platform.mailer,
        translator: t.app.platform.translator,
        recipients: administratorsOf(modules),
      });
      expect(out.mailed).toBeGreaterThanOrEqual(1);
      expect(fs.existsSync(out.file)).toBe(true);
      const anchor = latestAnchor(dir)!;
      expect(anchor.valid).toBe(true);
      const [mail] = await t.database.query<{ subject: string; body: string }>(
        'SELECT subject, body FROM platform.outbox WHERE channel = \'email\' AND "to" = $1',
        [adminEmail],
      );
      // The earlier tests broke chains on purpose: the mail says so, and carries the digest.
      expect(mail!.subject).toContain('CẢNH BÁO');
      expect(mail!.body).toContain(anchor.document.headsDigest);
      expect(mail!.body).toContain(anchor.document.keyFingerprint);
      expect(fs.statSync(path.join(dir, 'keys', 'audit-anchor-ed25519.pem')).mode & 0o077).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('covers the audit trail and every chain a module declares', () => {
    expect(chains().map((c) => c.chain)).toEqual([auditChain.chain, 'marks']);
  });
});
