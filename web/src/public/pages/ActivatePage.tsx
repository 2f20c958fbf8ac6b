import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, isApiProblem } from '../../api/client.ts';
import { Field, formValues, ProblemAlert, PublicFrame, useHydrated } from '../ui.tsx';

type Name = 'contact' | 'code' | 'username' | 'password';
const names: readonly Name[] = ['contact', 'code', 'username', 'password'];

/** Problem codes that belong to one field rather than to the whole form (the server's wording). */
const fieldOfCode: [prefix: string, field: Name][] = [
  ['identity.password', 'password'],
  ['registry.accounts.code', 'code'],
  ['registry.accounts.useExistingAccount', 'password'],
];

/** The server's errors placed on the fields they concern; what is left goes above the form. */
export function fieldErrors(error: unknown): { fields: Partial<Record<Name, string>>; onField: boolean } {
  if (!isApiProblem(error)) return { fields: {}, onField: false };
  const fields: Partial<Record<Name, string>> = {};
  for (const e of error.errors) {
    const name = e.path.replace(/^body\./, '') as Name;
    if (names.includes(name)) fields[name] = fields[name] ? `${fields[name]} ${e.message}` : e.message;
  }
  const byCode = fieldOfCode.find(([prefix]) => error.code.startsWith(prefix))?.[1];
  if (byCode && !fields[byCode]) fields[byCode] = error.title;
  return { fields, onField: Object.keys(fields).length > 0 };
}

/** /activate — a guardian redeems the one-time code the school sent and gets (or joins) an account. */
export default function ActivatePage() {
  const { t } = useTranslation('registry');
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<Partial<Record<Name, boolean>>>({});
  const [done, setDone] = useState<{ username: string; newAccount: boolean } | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const v = formValues(event.currentTarget);
    const empty = Object.fromEntries(names.map((n) => [n, !(v[n] ?? '').trim()]));
    setMissing(empty);
    if (Object.values(empty).some(Boolean)) return;
    setBusy(true);
    setError(null);
    try {
      const body = { contact: v.contact ?? '', code: v.code ?? '', username: v.username ?? '', password: v.password ?? '' };
      const r = await call(api.POST('/api/registry/account-invitations/redeem', { body }));
      setDone({ username: r.username, newAccount: r.newAccount });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <PublicFrame title={t('accounts.activate.title')}>
        <div className="ps-alert ps-alert-success" role="status">
          <p>{t(done.newAccount ? 'accounts.activate.doneNew' : 'accounts.activate.doneLinked', { username: done.username })}</p>
        </div>
        <a className="ps-button ps-block" href={`/login?next=${encodeURIComponent('/registry/me/children')}`}>
          {t('accounts.activate.toLogin')}
        </a>
      </PublicFrame>
    );
  }

  const placed = fieldErrors(error);
  const fieldError = (name: Name) => (missing[name] ? t('accounts.activate.required') : placed.fields[name]);
  return (
    <PublicFrame title={t('accounts.activate.title')}>
      <p className="ps-muted">{t('accounts.activate.intro')}</p>
      <ProblemAlert error={placed.onField ? null : error} />
      <form method="post" noValidate onSubmit={(e) => void onSubmit(e)}>
        <Field name="contact" label={t('accounts.activate.contact')} error={fieldError('contact')} autoComplete="email" />
        <Field
          name="code"
          label={t('accounts.activate.code')}
          help={t('accounts.activate.codeHint')}
          error={fieldError('code')}
          autoComplete="one-time-code"
          maxLength={20}
        />
        <Field
          name="username"
          label={t('accounts.activate.username')}
          help={t('accounts.activate.usernameHint')}
          error={fieldError('username')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
        />
        <Field
          name="password"
          type="password"
          label={t('accounts.activate.password')}
          // The policy's wording moves to the shell's strings; either place is found.
          help={t(['common:password.policy', 'identity:password.policy'])}
          error={fieldError('password')}
          autoComplete="new-password"
        />
        <button type="submit" className="ps-button ps-block" disabled={busy || !hydrated}>
          {t('accounts.activate.submit')}
        </button>
      </form>
    </PublicFrame>
  );
}
