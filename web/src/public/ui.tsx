import { type InputHTMLAttributes, type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../api/client.ts';
import { languages } from '../i18n/index.ts';
import { useDisplayLanguage } from '../lib/language.ts';
import { switchLanguage } from './i18n.ts';

/** The brand, the language choice and the page's card(s): the frame of every public page. */
export function PublicFrame({ title, wide, children }: { title: ReactNode; wide?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={wide ? 'ps-page ps-wide' : 'ps-page'}>
      <header className="ps-top">
        <a className="ps-brand" href="/">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <span>
            <strong>{t('app.name')}</strong>
            <span>{t('app.tagline')}</span>
          </span>
        </a>
        <LanguageButtons />
      </header>
      <main id="main" className="ps-card">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}

function LanguageButtons() {
  const { t } = useTranslation();
  const current = useDisplayLanguage();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a pair of toggle buttons, not a form field set
    <div className="ps-lang" role="group" aria-label={t('layout.language')} data-testid="language-switch">
      {languages.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          title={t(`language.${lang}`)}
          aria-pressed={current === lang}
          onClick={() => void switchLanguage(lang)}
        >
          {lang.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

/** A labelled input with its hint and its error, tied together for screen readers. */
export function Field({
  label,
  help,
  error,
  ...input
}: { label: ReactNode; help?: ReactNode; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="ps-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} className="ps-input" aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {error && (
        <div id={`${id}-error`} className="ps-error-text">
          {error}
        </div>
      )}
      {help && (
        <div id={`${id}-help`} className="ps-help">
          {help}
        </div>
      )}
    </div>
  );
}

/** The translated message of a failed call: the server's title, or the shell's wording. */
export function problemText(t: (key: string, options?: Record<string, unknown>) => string, error: unknown): string {
  if (isApiProblem(error)) {
    if (error.kind === 'network') return t('state.unreachableTitle');
    if (error.kind === 'unexpected') return t('state.unexpectedResponse', { status: error.status });
    return error.title;
  }
  return t('state.errorTitle');
}

/** An inline error of a form (role="alert": read out at once), with the server's field errors. */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const fieldErrors = isApiProblem(error) ? error.errors : [];
  return (
    <div className="ps-alert ps-alert-error" role="alert" data-testid="form-error">
      <p>{problemText(t, error)}</p>
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((e) => (
            <li key={`${e.path}:${e.code}`}>{e.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The values of a form's named inputs (uncontrolled fields: nothing to keep in sync while typing). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') out[name] = value;
  return out;
}

/**
 * False in the prerendered HTML and the hydrating render, true once the page's script runs: a
 * form's submit waits for it, so Enter pressed before the script arrived sends nothing anywhere.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
