/**
 * Domain errors with stable codes. A code is also the i18n key of the message
 * (`platform.notFound` → i18n/vi.json "platform.notFound"), so rules never speak HTTP and
 * the one error handler maps codes to statuses.
 */
export interface FieldError {
  /** Dotted path into the request: `body.scores.3.value`, `query.page`. */
  path: string;
  code: string;
  params?: Record<string, unknown>;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, params?: Record<string, unknown>, fieldErrors?: FieldError[]) =>
  new AppError(code, 400, params, fieldErrors);
export const unauthenticated = (code = 'platform.unauthenticated') => new AppError(code, 401);
export const forbidden = (code = 'platform.forbidden', params?: Record<string, unknown>) => new AppError(code, 403, params);
/** Also what a record outside the caller's scope answers: indistinguishable from a missing one. */
export const notFound = (code = 'platform.notFound') => new AppError(code, 404);
export const conflict = (code: string, params?: Record<string, unknown>) => new AppError(code, 409, params);
export const unprocessable = (code: string, params?: Record<string, unknown>, fieldErrors?: FieldError[]) =>
  new AppError(code, 422, params, fieldErrors);
export const tooManyRequests = (code: string, params?: Record<string, unknown>) => new AppError(code, 429, params);
