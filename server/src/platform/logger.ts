import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import type { Settings } from './config.ts';

/**
 * Secrets and personal data never reach the log: cookies, CSRF tokens, passwords, codes, request
 * bodies and query strings (app.ts logs the route's pattern), and errors only as `safeError`
 * makes them. `destination` lets a test read what was written.
 */
export function createLogger(settings: Pick<Settings, 'logLevel'>, destination?: pino.DestinationStream): FastifyBaseLogger {
  const options: pino.LoggerOptions = {
    level: settings.logLevel,
    serializers: { err: safeError, error: safeError },
    redact: [
      'req.headers.cookie',
      'req.headers.authorization',
      'req.headers["x-csrf-token"]',
      '*.password',
      '*.newPassword',
      '*.currentPassword',
      '*.passwordHash',
      '*.token',
      '*.code',
      '*.email',
      '*.cccd',
      '*.body',
      '*.params',
      '*.query',
    ],
  };
  return destination ? pino(options, destination) : pino(options);
}

/** E-mail addresses, argon2 hashes, runs of 9+ digits (CCCD, phones) and long tokens in a text. */
export function maskSecrets(text: string): string {
  return maskPersonal(text).replace(/[A-Za-z0-9_+=-]{32,}/g, '[token]');
}

/** The same without tokens: for stack frames, whose file paths would read as tokens. */
const maskPersonal = (text: string): string =>
  text
    .replace(/\$argon2[^\s"'`]*/g, '[hash]')
    .replace(/[^\s@"'`<>(),;:/]+@[^\s@"'`<>(),;:]+/g, '[e-mail]')
    .replace(/\d{9,}/g, '[digits]');

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  cause?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  routine?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * What of an error may be logged. A database error is logged by its SQLSTATE, constraint, table,
 * column and routine only: PostgreSQL quotes the offending value in its message and detail, and
 * Drizzle's wrapper carries the query with its parameters (e-mails, password hashes). Other
 * errors keep their class, code and message with `maskSecrets` applied, and the stack's frames
 * (not its first line, which repeats the message).
 */
export function safeError(err: unknown, depth = 0): Record<string, unknown> {
  if (err === null || typeof err !== 'object') return { type: typeof err };
  const e = err as ErrorLike;
  const out: Record<string, unknown> = { type: typeof e.name === 'string' ? e.name : 'Error' };
  const db = databaseErrorOf(e);
  if (db) {
    out.sqlState = db.code;
    for (const k of ['constraint', 'table', 'column', 'routine'] as const) if (typeof db[k] === 'string') out[k] = db[k];
  } else {
    if (typeof e.message === 'string') out.message = maskSecrets(e.message).slice(0, 500);
    if (typeof e.code === 'string') out.errorCode = maskSecrets(e.code).slice(0, 100);
    if (e.cause && depth < 3) out.cause = safeError(e.cause, depth + 1);
  }
  if (typeof e.stack === 'string') {
    out.stack = e.stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 15)
      .map(maskPersonal)
      .join('\n');
  }
  return out;
}

function databaseErrorOf(err: ErrorLike): ErrorLike | undefined {
  const chain: ErrorLike[] = [];
  for (let e: ErrorLike | undefined = err; e && chain.length < 5; e = e.cause as ErrorLike | undefined) chain.push(e);
  const withState = chain.find((e) => typeof e.code === 'string' && SQLSTATE.test(e.code));
  if (withState) return withState;
  // Drizzle's wrapper ("Failed query: … params: …") around a driver error without a SQLSTATE.
  return chain.some((e) => typeof e.message === 'string' && e.message.startsWith('Failed query')) ? { code: 'query' } : undefined;
}
