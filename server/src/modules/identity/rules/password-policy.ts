import commonPasswords from './common-passwords.json' with { type: 'json' };

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

const common = new Set(commonPasswords.map((p) => p.toLowerCase()));

export type PasswordProblem =
  | 'identity.passwordTooShort'
  | 'identity.passwordTooLong'
  | 'identity.passwordTooCommon'
  | 'identity.passwordContainsUsername';

/**
 * NIST SP 800-63B: length over composition rules, and refuse passwords known from breaches.
 * The list ships with the platform (the most common leaked passwords plus Vietnamese favourites).
 */
export function checkPassword(password: string, context: { username?: string } = {}): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'identity.passwordTooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'identity.passwordTooLong';
  const lower = password.toLowerCase();
  if (common.has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890|9876543210)+/.test(password)) {
    return 'identity.passwordTooCommon';
  }
  if (context.username && context.username.length >= 3 && lower.includes(context.username.toLowerCase())) {
    return 'identity.passwordContainsUsername';
  }
  return undefined;
}
