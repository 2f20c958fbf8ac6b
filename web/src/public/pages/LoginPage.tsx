import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { safeNext } from '../../lib/safe-next.ts';
import { Field, formValues, ProblemAlert, PublicFrame, useHydrated } from '../ui.tsx';

type Step = 'password' | 'mfa';

/** Leaves the light shell for the staff app (a full page load: it is another bundle). */
function go(path: string) {
  window.location.replace(path);
}

/**
 * /login: the password, then the second factor. A role that must still set up its second factor
 * goes on to the staff app's enrolment (/login/enrol: a QR code and recovery codes, once).
 */
export default function LoginPage({ search }: { search: string }) {
  const { t } = useTranslation('identity');
  const hydrated = useHydrated();
  const next = safeNext(new URLSearchParams(search).get('next'));
  const [step, setStep] = useState<Step>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<Record<string, boolean>>({});

  // Coming back to /login with a half-finished sign-in continues it; a finished one goes on.
  useEffect(() => {
    call(api.GET('/api/identity/me')).then(
      (me) => {
        if (me.pending === 'mfa') setStep('mfa');
        else if (me.pending === 'mfa_enrolment') go(`/login/enrol${search}`);
        else go(next);
      },
      () => undefined,
    );
  }, [next, search]);

  const submit = async (event: FormEvent<HTMLFormElement>, run: (v: Record<string, string>) => Promise<void>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const empty = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() === '']));
    setMissing(empty);
    if (Object.values(empty).some(Boolean)) return;
    setBusy(true);
    setError(null);
    try {
      await run(values);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const signInWithPassword = async (v: Record<string, string>) => {
    const r = await call(api.POST('/api/identity/login', { body: { login: v.login ?? '', password: v.password ?? '' } }));
    if (r.status === 'ok') go(next);
    else if (r.status === 'mfa_required') {
      setStep('mfa');
      setBusy(false);
    } else go(`/login/enrol${search}`);
  };
  const confirmCode = async (v: Record<string, string>) => {
    await call(api.POST('/api/identity/login/mfa', { body: { code: (v.code ?? '').trim() } }));
    go(next);
  };
  const cancel = async () => {
    await call(api.POST('/api/identity/logout')).catch(() => undefined);
    setError(null);
    setStep('password');
  };

  if (step === 'mfa') {
    return (
      <PublicFrame title={t('login.mfaTitle')}>
        <p className="ps-muted">{t('login.mfaIntro')}</p>
        <ProblemAlert error={error} />
        <form method="post" noValidate onSubmit={(e) => void submit(e, confirmCode)}>
          <Field
            name="code"
            label={t('login.code')}
            help={t('login.codeHelp')}
            error={missing.code ? t('login.codeRequired') : undefined}
            autoComplete="one-time-code"
            inputMode="text"
            maxLength={20}
            autoFocus
            style={{ letterSpacing: 2 }}
          />
          <button type="submit" className="ps-button ps-block" disabled={busy}>
            {t('login.verify')}
          </button>
        </form>
        <button type="button" className="ps-link" onClick={() => void cancel()}>
          {t('login.cancel')}
        </button>
      </PublicFrame>
    );
  }

  return (
    <PublicFrame title={t('login.title')}>
      <ProblemAlert error={error} />
      <form method="post" noValidate onSubmit={(e) => void submit(e, signInWithPassword)}>
        <Field
          name="login"
          label={t('login.login')}
          error={missing.login ? t('login.loginRequired') : undefined}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
        />
        <Field
          name="password"
          type="password"
          label={t('login.password')}
          error={missing.password ? t('login.passwordRequired') : undefined}
          autoComplete="current-password"
        />
        <button type="submit" className="ps-button ps-block" disabled={busy || !hydrated}>
          {t('login.submit')}
        </button>
      </form>
      <p className="ps-muted ps-small" style={{ marginTop: 16, marginBottom: 0 }}>
        {t('login.forgot')}
      </p>
    </PublicFrame>
  );
}
