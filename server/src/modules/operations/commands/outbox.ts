import type { AuditActor } from '../../../platform/audit.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { Database } from '../../../platform/db/database.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import type { Outbox } from '../../../platform/notify/index.ts';
import type { Actor } from '../../identity/public.ts';
import { requireProvinceWide } from '../access.ts';
import { findOutboxMessage, type OutboxRow } from '../repo.ts';

/**
 * An administrator's retry of a failed or unsent message: a fresh set of attempts, audited with
 * how the message had gone (never its body: codes and links), then a delivery pass.
 */
export async function retryMessage(database: Database, outbox: Outbox, actor: Actor, audit: AuditActor, id: string): Promise<OutboxRow> {
  await requireProvinceWide(database.db, actor, 'operations.outbox.retry');
  await database.db.transaction(async (tx) => {
    const before = await findOutboxMessage(tx, id);
    if (!before) throw notFound();
    if (!(await outbox.retry(tx, before.id))) throw conflict('operations.outbox.notRetryable', { status: before.status });
    await recordAudit(tx, audit, {
      action: 'operations.outbox.retry',
      entityType: 'platform.outbox',
      entityId: before.id,
      before: { status: before.status, attempts: before.attempts, error: before.error, channel: before.channel, topic: before.topic },
      after: { status: 'pending' },
    });
  });
  // The pass's own failures are the message's state, shown on the screen; they do not fail the retry.
  await outbox.deliverPending().catch(() => undefined);
  return (await findOutboxMessage(database.db, id))!;
}
