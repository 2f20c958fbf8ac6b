import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Settings } from '../config.ts';
import type { Channel } from './rules.ts';

/** One message as an adapter sees it. */
export interface Deliverable {
  id: string;
  createdAt: Date;
  to: string;
  subject: string;
  body: string;
}

/**
 * How one channel reaches people (SMTP, a brandname SMS gateway, Zalo ZNS, web push). An adapter
 * throws when delivery fails; the outbox records the error and retries. A channel with no adapter
 * is "not connected": its messages are recorded and shown, never sent.
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  /** Shown in the outbox's transport column ('smtp', 'file', a gateway's name). */
  readonly transport: string;
  deliver(message: Deliverable): Promise<void>;
}

function toEml(from: string, m: Deliverable): string {
  const subject = `=?UTF-8?B?${Buffer.from(m.subject, 'utf8').toString('base64')}?=`;
  return [
    `Message-ID: <${m.id}@giao-duc-so>`,
    `Date: ${m.createdAt.toUTCString()}`,
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

/**
 * E-mail over SMTP when SMTP_HOST is set; otherwise each message is written as a .eml file under
 * DATA_DIR/mail (a demo or a first install), which counts as delivered.
 */
export function emailAdapter(settings: Settings): ChannelAdapter {
  if (settings.smtp) {
    const smtp = nodemailer.createTransport({
      host: settings.smtp.host,
      port: settings.smtp.port,
      secure: settings.smtp.secure,
      auth: settings.smtp.user ? { user: settings.smtp.user, pass: settings.smtp.password } : undefined,
      // A dead server must fail the attempt, not hold the delivery pass for minutes.
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
    return {
      channel: 'email',
      transport: 'smtp',
      async deliver(m) {
        await smtp.sendMail({ from: settings.mailFrom, to: m.to, subject: m.subject, text: m.body, messageId: `<${m.id}@giao-duc-so>` });
      },
    };
  }
  const mailDir = path.join(settings.dataDir, 'mail');
  return {
    channel: 'email',
    transport: 'file',
    async deliver(m) {
      await fs.mkdir(mailDir, { recursive: true });
      const stamp = m.createdAt.toISOString().replace(/[:.]/g, '-');
      await fs.writeFile(path.join(mailDir, `${stamp}-${m.id}.eml`), toEml(settings.mailFrom, m));
    },
  };
}

/** Why a message of a channel with no adapter is not sent (shown on the outbox screen, both languages). */
export function notConnectedNote(channel: Channel): string {
  const name = { email: 'e-mail', sms: 'SMS', zns: 'Zalo ZNS', push: 'web push' }[channel];
  return `Chưa gửi: chưa kết nối kênh ${name}, tin chỉ được ghi vào hộp thư đi (${name} channel not connected: recorded in the outbox only)`;
}
