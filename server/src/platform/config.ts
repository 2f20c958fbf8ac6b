import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting of the platform, read from the environment once at start.
 * A bad value stops the start with a message that names the variable (README § Settings).
 */
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const trustProxy = z.string().transform((v): boolean | number | string[] => {
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim());
});

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.url().optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: trustProxy.default(false),
  DEMO: flag.optional(),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('Giáo Dục Số <no-reply@localhost>'),
  SMTP_SECURE: flag.default(false),
  JOBS: flag.default(true),
  // argon2id cost: OWASP's minimum is m = 19 MiB, t = 2, p = 1; a lower cost is refused.
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(19456, 'must be at least 19456 (19 MiB)').default(19456),
  ARGON2_TIME_COST: z.coerce.number().int().min(2, 'must be at least 2').default(2),
  ARGON2_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(100000).default(50),
  MFA_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(10),
  MFA_SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(20).default(3),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(60),
  REGISTRY_EXPORT_BULK_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(1000),
  REGISTRY_TRANSFER_LOOKUPS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(4 * 1024 * 1024 * 1024)
    .default(256 * 1024 * 1024),
  ZIP_MAX_UNCOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .default(2 * 1024 * 1024 * 1024),
  ZIP_MAX_RATIO: z.coerce.number().int().min(2).max(100_000).default(100),
  FILES_STORE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
});

export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL: the role that owns the schema applies migrations; the app's role owns nothing. */
  migrationDatabaseUrl: string | undefined;
  dbPoolSize: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  publicUrl: string;
  sessionSecret: string;
  trustProxy: boolean | number | string[];
  /** Demo mode: seeds the demo province and allows its published passwords. */
  demo: boolean;
  bodyLimitBytes: number;
  smtp: { host: string; port: number; user?: string; password?: string; secure: boolean } | undefined;
  mailFrom: string;
  jobs: boolean;
  argon2: { memoryKib: number; timeCost: number; parallelism: number };
  session: { idleMinutes: number; absoluteHours: number };
  /**
   * Wrong passwords per account (whatever identifier names it) and per address; wrong second-factor
   * codes per account (`mfaMaxFailures`, the same window and lock) and per pending sign-in.
   */
  login: { maxFailures: number; lockMinutes: number; ipMaxFailures: number; mfaMaxFailures: number; mfaSignInMaxFailures: number };
  /** Requests per minute and address to each sign-in, code and reset route (@fastify/rate-limit). */
  authRateLimitPerMinute: number;
  /** An export of more rows than this is a bulk export (registry.export.bulk, MFA). */
  exportBulkRows: number;
  /** Pupil lookups by identifier (transfer requests) one user may make in an hour. */
  transferLookupsPerHour: number;
  /** The file service (platform/files): upload and ZIP limits, and where files live. */
  files: {
    uploadBytes: number;
    zipUncompressedBytes: number;
    zipRatio: number;
    s3?: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A fixed secret is acceptable only in demo mode, where every password is published anyway. */
export const DEMO_SESSION_SECRET = 'demo-only-session-secret-not-for-production-use';

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // Empty strings count as unset: `PORT= npm start` should not fail on ''.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        return `${name}=${JSON.stringify(present[name] ?? '')}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new ConfigError(['MIGRATION_DATABASE_URL: only with DATABASE_URL (the embedded database has one role)']);
  }
  if (e.FILES_STORE === 's3') {
    const missing = (['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => !e[k]);
    if (missing.length) throw new ConfigError(missing.map((k) => `${k}: required when FILES_STORE=s3`));
  }
  const demo = e.DATABASE_URL ? e.DEMO === true : e.DEMO !== false;
  if (!demo && !e.SESSION_SECRET) {
    throw new ConfigError(['SESSION_SECRET: required when not in demo mode (at least 32 random characters)']);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    sessionSecret: e.SESSION_SECRET ?? DEMO_SESSION_SECRET,
    trustProxy: e.TRUST_PROXY,
    demo,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    smtp: e.SMTP_HOST
      ? { host: e.SMTP_HOST, port: e.SMTP_PORT, user: e.SMTP_USER, password: e.SMTP_PASSWORD, secure: e.SMTP_SECURE }
      : undefined,
    mailFrom: e.SMTP_FROM,
    jobs: e.JOBS,
    argon2: { memoryKib: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST, parallelism: e.ARGON2_PARALLELISM },
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockMinutes: e.LOGIN_LOCK_MINUTES,
      ipMaxFailures: e.LOGIN_IP_MAX_FAILURES,
      mfaMaxFailures: e.MFA_MAX_FAILURES,
      mfaSignInMaxFailures: e.MFA_SIGN_IN_MAX_FAILURES,
    },
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    exportBulkRows: e.REGISTRY_EXPORT_BULK_ROWS,
    transferLookupsPerHour: e.REGISTRY_TRANSFER_LOOKUPS_PER_HOUR,
    files: {
      uploadBytes: e.UPLOAD_LIMIT_BYTES,
      zipUncompressedBytes: e.ZIP_MAX_UNCOMPRESSED_BYTES,
      zipRatio: e.ZIP_MAX_RATIO,
      ...(e.FILES_STORE === 's3'
        ? {
            s3: {
              endpoint: e.S3_ENDPOINT!,
              region: e.S3_REGION,
              bucket: e.S3_BUCKET!,
              accessKeyId: e.S3_ACCESS_KEY_ID!,
              secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
            },
          }
        : {}),
    },
  };
}
