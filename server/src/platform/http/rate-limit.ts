import fastifyRateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../config.ts';
import { AppError } from '../errors.ts';

/**
 * Request-rate limits per client address (req.ip, so TRUST_PROXY decides which address that is),
 * opted into per route with `config: { rateLimit: authRateLimit(settings) }`. Counters live in the
 * process's memory: each instance of a multi-instance deployment counts on its own. The guessing
 * limits that must hold across instances (wrong passwords, wrong codes) are counted in the database.
 */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('platform.tooManyRequests', 429, { retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });
}

/** Sign-in, second-factor, password and one-time-code routes: AUTH_RATE_LIMIT_PER_MINUTE per address and route. */
export const authRateLimit = (settings: Pick<Settings, 'authRateLimitPerMinute'>): RateLimitOptions => ({
  max: settings.authRateLimitPerMinute,
  timeWindow: 60_000,
});
