import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type FieldError } from '../errors.ts';
import type { Translator } from '../i18n/translator.ts';

/**
 * Every error leaves as application/problem+json (RFC 9457). `code` is stable and doubles as the
 * i18n key; `title` is that key translated to the caller's language; `errors` names each field.
 * Nothing of a stack trace, SQL or driver message ever reaches a response.
 */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

// Zod issue codes → our validation keys (zod v4 names).
const zodCodes: Record<string, string> = {
  invalid_type: 'validation.invalidType',
  too_small: 'validation.tooSmall',
  too_big: 'validation.tooBig',
  invalid_format: 'validation.invalidFormat',
  invalid_value: 'validation.invalidValue',
  invalid_union: 'validation.invalidValue',
  unrecognized_keys: 'validation.unrecognizedKeys',
  custom: 'validation.custom',
};

interface ZodLikeIssue {
  keyword: string;
  message: string;
  instancePath: string;
  params: Record<string, unknown>;
}

function fieldErrorsFromZod(context: string, issues: ZodLikeIssue[]): FieldError[] {
  return issues.map((issue) => {
    const segments = issue.instancePath.split('/').filter(Boolean);
    const p = issue.params;
    // A missing required value arrives as invalid_type; zod v4 only says so in its message.
    let code = zodCodes[issue.keyword] ?? 'validation.custom';
    if (issue.keyword === 'invalid_type' && issue.message.endsWith('received undefined')) code = 'validation.required';
    // A refinement may carry its own domain code: z.custom(..., { params: { code: 'x.y' } }).
    const own = (p.params as { code?: string } | undefined)?.code;
    if (own) code = own;
    const params: Record<string, unknown> = { ...(p.params as object) };
    if (p.expected !== undefined) params.expected = p.expected;
    if (p.minimum !== undefined) params.minimum = String(p.minimum);
    if (p.maximum !== undefined) params.maximum = String(p.maximum);
    if (Array.isArray(p.keys)) {
      params.keys = (p.keys as string[]).join(', ');
      // Name the unknown field itself, so the form can point at it.
      if ((p.keys as string[]).length === 1) segments.push((p.keys as string[])[0] as string);
    }
    return { path: [context, ...segments].join('.'), code, params };
  });
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

function classify(err: FastifyError | AppError | Error, bodyLimit: number): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const context = fe.validationContext ?? 'body';
    return new AppError('platform.validation', 400, {}, fieldErrorsFromZod(context, fe.validation as never));
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('platform.malformedJson', 400);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('platform.payloadTooLarge', 413, { limit: formatBytes(bodyLimit) });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('platform.unsupportedMediaType', 415);
  }
  if (fe.statusCode === 429) return new AppError('platform.tooManyRequests', 429, { retryAfter: 60 });
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return new AppError('platform.badRequest', fe.statusCode);
  return new AppError('platform.internal', 500);
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError, translator: Translator): FastifyReply {
  const lang = request.lang;
  const body: Problem = {
    type: `urn:giao-duc-so:error:${error.code}`,
    title: translator.t(lang, error.code, error.params),
    status: error.status,
    code: error.code,
    requestId: String(request.id),
  };
  if (error.fieldErrors.length > 0) {
    body.errors = error.fieldErrors.map((f) => ({
      path: f.path,
      code: f.code,
      message: translator.t(lang, f.code, f.params),
    }));
  }
  return reply.status(error.status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(body);
}

export function createErrorHandler(translator: Translator, bodyLimit: number) {
  return function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const appError = classify(err, bodyLimit);
    if (appError.status >= 500) {
      // Response-schema failures are our bugs: log what leaked, never send it.
      // Only where and which rule: zod's issue may quote the value that leaked.
      const issues = isResponseSerializationError(err)
        ? (err.cause as { issues?: { path?: unknown; code?: unknown }[] })?.issues
        : undefined;
      const detail = issues ? { issues: issues.map((i) => ({ path: i.path, code: i.code })) } : {};
      request.log.error({ err, ...detail }, 'request failed');
    } else if (!(err instanceof AppError)) {
      request.log.info({ code: appError.code, fastifyCode: err.code }, 'request rejected');
    }
    if (appError.status === 429 && err.statusCode === 429) reply.header('retry-after', '60');
    return sendProblem(reply, request, appError, translator);
  };
}
