import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import type { Settings } from './config.ts';

/** Secrets never reach the log: cookies, CSRF tokens, passwords, TOTP codes. */
export function createLogger(settings: Pick<Settings, 'logLevel'>): FastifyBaseLogger {
  return pino({
    level: settings.logLevel,
    redact: [
      'req.headers.cookie',
      'req.headers.authorization',
      'req.headers["x-csrf-token"]',
      '*.password',
      '*.newPassword',
      '*.currentPassword',
      '*.code',
    ],
  });
}
