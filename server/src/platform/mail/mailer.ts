import fs from 'node:fs/promises';
import path from 'node:path';
import { and, asc, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { Settings } from '../config.ts';
import type { Database, Queryable } from '../db/database.ts';
import { outboundMail } from '../db/schema.ts';

export interface MailMessage {
  to: string;
  subject: string;
  body: string;
}

/**
 * Mail is written to an outbox table inside the caller's transaction, so a rolled-back change
 * never sends mail, and delivered after commit. Without SMTP settings the message is written as
 * a .eml file under DATA_DIR/mail and administrators read it in the web app.
 */
export interface Mailer {
  readonly transport: 'smtp' | 'file';
  enqueue(q: Queryable, message: MailMessage): Promise<string>;
  deliverPending(): Promise<number>;
}

function toEml(from: string, m: MailMessage, id: string, date: Date): string {
  const subject = `=?UTF-8?B?${Buffer.from(m.subject, 'utf8').toString('base64')}?=`;
  return [
    `Message-ID: <${id}@giao-duc-so>`,
    `Date: ${date.toUTCString()}`,
    `From: ${from}`,
    `To: ${m.to}`,
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    m.body,
    '',
  ].join('\r\n');
}

export function createMailer(settings: Settings, database: Database, log: FastifyBaseLogger): Mailer {
  const transport = settings.smtp ? 'smtp' : 'file';
  const smtp = settings.smtp
    ? nodemailer.createTransport({
        host: settings.smtp.host,
        port: settings.smtp.port,
        secure: settings.smtp.secure,
        auth: settings.smtp.user ? { user: settings.smtp.user, pass: settings.smtp.password } : undefined,
      })
    : undefined;
  const mailDir = path.join(settings.dataDir, 'mail');
  let delivering: Promise<number> | undefined;

  async function deliverOnce(): Promise<number> {
    const pending = await database.db
      .select()
      .from(outboundMail)
      .where(and(isNull(outboundMail.sentAt), isNull(outboundMail.error)))
      .orderBy(asc(outboundMail.createdAt))
      .limit(100);
    for (const m of pending) {
      try {
        if (smtp) {
          await smtp.sendMail({ from: settings.mailFrom, to: m.to, subject: m.subject, text: m.body });
        } else {
          await fs.mkdir(mailDir, { recursive: true });
          const stamp = m.createdAt.toISOString().replace(/[:.]/g, '-');
          await fs.writeFile(path.join(mailDir, `${stamp}-${m.id}.eml`), toEml(settings.mailFrom, m, m.id, m.createdAt));
        }
        await database.db.update(outboundMail).set({ sentAt: sql`now()` }).where(sql`${outboundMail.id} = ${m.id}`);
      } catch (err) {
        log.warn({ err, mailId: m.id }, 'mail delivery failed');
        await database.db
          .update(outboundMail)
          .set({ error: String((err as Error).message).slice(0, 500) })
          .where(sql`${outboundMail.id} = ${m.id}`);
      }
    }
    return pending.length;
  }

  return {
    transport,
    async enqueue(q, message) {
      const [row] = await q
        .insert(outboundMail)
        .values({ ...message, transport })
        .returning({ id: outboundMail.id });
      return row!.id;
    },
    deliverPending() {
      // One delivery pass at a time; callers after commit share the running pass.
      delivering ??= deliverOnce().finally(() => {
        delivering = undefined;
      });
      return delivering;
    },
  };
}
