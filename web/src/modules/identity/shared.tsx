import { Alert, Card, Flex, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiProblem } from '../../api/client.ts';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { brandBlue } from '../../app/theme.ts';
import { formatDate, formatTime } from '../../lib/format.ts';

/** dd/mm/yyyy HH:mm in Vietnam time; a dash when there is none. */
export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return `${formatDate(value)} ${formatTime(value)}`;
}

/** The translated message of a failed call: the server's title, or the shell's wording. */
export function useProblemText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (isApiProblem(error)) {
      if (error.kind === 'network') return t('state.unreachableTitle');
      if (error.kind === 'unexpected') return t('state.unexpectedResponse', { status: error.status });
      return error.title;
    }
    return t('state.errorTitle');
  };
}

/** An inline error of a form or an action (role="alert": read out at once). */
export function ProblemAlert({ error }: { error: unknown }) {
  const text = useProblemText();
  if (!error) return null;
  const fieldErrors = isApiProblem(error) ? error.errors : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="form-error"
      title={text(error)}
      description={
        fieldErrors.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {fieldErrors.map((e) => (
              <li key={`${e.path}:${e.code}`}>{e.message}</li>
            ))}
          </ul>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/**
 * Puts a problem's field errors (`body.newPassword` → `newPassword`) on the form's fields;
 * `byCode` maps whole-request codes to a field (a password-policy error goes to the new password).
 * Returns true when something was placed on a field.
 */
export function placeFieldErrors(form: FormInstance, error: unknown, byCode: Record<string, string> = {}): boolean {
  if (!isApiProblem(error)) return false;
  const fields = new Map<string, string[]>();
  for (const e of error.errors) {
    const name = e.path.replace(/^body\./, '');
    if (!(fields.get(name) ?? []).includes(e.message)) fields.set(name, [...(fields.get(name) ?? []), e.message]);
  }
  const field = Object.entries(byCode).find(
    ([prefix]) => error.code === prefix || (prefix.endsWith('*') && error.code.startsWith(prefix.slice(0, -1))),
  )?.[1];
  if (field && !(fields.get(field) ?? []).includes(error.title)) fields.set(field, [...(fields.get(field) ?? []), error.title]);
  if (fields.size === 0) return false;
  form.setFields([...fields].map(([name, errors]) => ({ name, errors })));
  return true;
}

/** The full-page frame of the sign-in and reset screens: brand, language switch, one card. */
export function AuthFrame({ title, children }: { title: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', background: '#f3f6fa', padding: '24px 12px' }}>
      <Flex align="center" justify="space-between" style={{ width: '100%', maxWidth: 440, marginBottom: 16 }}>
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
          <img src="/favicon.svg" alt="" width={32} height={32} style={{ borderRadius: 4 }} />
          <Flex vertical style={{ lineHeight: 1.2 }}>
            <Typography.Text strong style={{ fontSize: 18, color: brandBlue }}>
              {t('app.name')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('app.tagline')}
            </Typography.Text>
          </Flex>
        </Link>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 440, borderTop: `3px solid ${brandBlue}` }}>
        <main id="main">
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
            {title}
          </Typography.Title>
          {children}
        </main>
      </Card>
    </Flex>
  );
}
