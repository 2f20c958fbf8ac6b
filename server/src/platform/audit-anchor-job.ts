import { latestAnchor, writeAnchor } from './audit-anchor.ts';
import type { HashChain } from './audit-chain.ts';
import type { Database, Queryable } from './db/database.ts';
import type { Translator } from './i18n/translator.ts';
import type { JobDeclaration } from './jobs/declarations.ts';
import { type Mailer, mailerOf } from './mail/mailer.ts';

export const ANCHOR_JOB = 'platform.audit.anchor';
/** Every night at 01:30 Vietnam time, when the schools do not write. */
export const ANCHOR_CRON = '30 1 * * *';

export interface AnchorJobDeps {
  database: Database;
  chains: readonly HashChain[];
  dataDir: string;
  mailer: Mailer;
  translator: Translator;
  /** The platform administrators' addresses (the identity module knows who they are). */
  recipients: (q: Queryable) => Promise<string[]>;
}

/**
 * One run: check the chains, sign the heads into a file under DATA_DIR, and mail the heads' digest,
 * the check's result and the key's fingerprint to the administrators through the mail outbox.
 */
export async function runAnchorJob(deps: AnchorJobDeps, now = new Date()): Promise<{ file: string; mailed: number; ok: boolean }> {
  const { file, document, check } = await writeAnchor(deps.database, deps.chains, deps.dataDir, now);
  const to = await deps.recipients(deps.database.db);
  const t = (key: string, params?: Record<string, unknown>) => deps.translator.t('vi', key, params);
  const params = {
    time: now.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false }),
    file,
    streams: document.heads.length,
    digest: document.headsDigest,
    fingerprint: document.keyFingerprint,
    problems: document.verification.problems,
  };
  const subject = t(check.ok ? 'platform.auditAnchor.subjectOk' : 'platform.auditAnchor.subjectBroken', params);
  const body = `${t(check.ok ? 'platform.auditAnchor.bodyOk' : 'platform.auditAnchor.bodyBroken', params)}\n\n${t('platform.auditAnchor.details', params)}\n`;
  if (to.length > 0) {
    await deps.database.db.transaction(async (tx) => {
      for (const address of to) await deps.mailer.enqueue(tx, { to: address, subject, body });
    });
    void deps.mailer.deliverPending().catch(() => {});
  }
  return { file, mailed: to.length, ok: check.ok };
}

/**
 * The nightly anchor as a declared job of the platform: pg-boss keeps its schedule, and every run
 * is in the job log (and on the jobs screen) with the file written and the check's result.
 */
export function anchorJobDeclaration(deps: Pick<AnchorJobDeps, 'chains' | 'translator' | 'recipients'>): JobDeclaration {
  return {
    name: ANCHOR_JOB,
    label: {
      vi: 'Neo chuỗi băm nhật ký kiểm toán (ký và lưu ngoài CSDL)',
      en: 'Anchor the audit hash chains (signed, outside the database)',
    },
    schedule: ANCHOR_CRON,
    retry: { limit: 3, delaySeconds: 300, backoff: true },
    async handler(ctx) {
      const out = await runAnchorJob(
        { ...deps, database: ctx.database, dataDir: ctx.settings.dataDir, mailer: mailerOf(ctx.outbox) },
        ctx.now(),
      );
      if (!out.ok) ctx.log.error({ file: out.file }, 'audit chain broken at anchoring');
      return out;
    },
  };
}
