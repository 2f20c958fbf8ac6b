import type { Queryable } from '../../../platform/db/database.ts';
import { outboundMail } from '../../../platform/db/schema.ts';

/** Sends a text message; written inside the caller's transaction (an outbox), so a rollback sends nothing. */
export interface SmsSender {
  /** Shown in the outbox's transport column. */
  readonly transport: string;
  send(q: Queryable, message: { to: string; text: string }): Promise<void>;
}

/**
 * The ONLY SMS adapter of this platform so far: it sends nothing. It writes the message to the
 * platform outbox (`platform.outbound_mail`, transport `sms-outbox-only`, recipient `sms:<phone>`),
 * where an administrator reads it on the outgoing-mail page and passes the code on by hand. A real
 * SMS gateway (brandname SMS of a Vietnamese carrier) is another implementation of `SmsSender`.
 */
export const outboxOnlySmsSender: SmsSender = {
  transport: 'sms-outbox-only',
  async send(q, message) {
    await q.insert(outboundMail).values({
      to: `sms:${message.to}`,
      subject: 'SMS',
      body: message.text,
      transport: 'sms-outbox-only',
      // Never delivered: the note keeps the mail sender from trying it as e-mail and tells the reader why.
      error: 'Chưa gửi: chưa kết nối cổng SMS, tin chỉ được ghi vào hộp thư đi (SMS gateway not configured: outbox only)',
    });
  },
};
