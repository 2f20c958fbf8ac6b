import type { Queryable } from '../db/database.ts';
import type { Outbox } from '../notify/outbox.ts';

export interface MailMessage {
  to: string;
  subject: string;
  body: string;
  /** `<module>.<subject>` shown on the outbox screen; 'mail' when not given. */
  topic?: string;
  /**
   * A mail written because someone asked for it and waits (a password reset): sent at once, night
   * or day. Defaults to true, what every mail of the platform was before the outbox had quiet
   * hours; a notification that can wait for the morning passes false or uses `Outbox.notify`.
   */
  urgent?: boolean;
  userId?: string;
}

/**
 * The e-mail face of the outbox (platform/notify): the message is written inside the caller's
 * transaction and delivered after commit, retried when it fails. Without SMTP settings it is
 * written as a .eml file under DATA_DIR/mail and administrators read it on the outbox screen.
 */
export interface Mailer {
  readonly transport: 'smtp' | 'file';
  enqueue(q: Queryable, message: MailMessage): Promise<string>;
  /** Delivers what is due now, on every channel; resolves to the number of messages attempted. */
  deliverPending(): Promise<number>;
}

export function mailerOf(outbox: Outbox): Mailer {
  return {
    transport: outbox.transportOf('email') === 'smtp' ? 'smtp' : 'file',
    enqueue: (q, m) =>
      outbox.enqueue(q, {
        channel: 'email',
        to: m.to,
        subject: m.subject,
        body: m.body,
        topic: m.topic ?? 'mail',
        urgent: m.urgent ?? true,
        userId: m.userId,
      }),
    async deliverPending() {
      const r = await outbox.deliverPending();
      return r.sent + r.retrying + r.failed;
    },
  };
}
