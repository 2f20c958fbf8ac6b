import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type components, isApiProblem } from '../../api/client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PublicFrame, problemText, useHydrated } from '../ui.tsx';

type PublicDocument = components['schemas']['SigningPublicDocument'];
type Verification = components['schemas']['SigningVerification'];

/**
 * /verify and /verify/:code — anyone who scans the QR code of a document the platform signs (a
 * transcript, a result, a receipt): the facts its owner publishes to check it (no scores), and a check of an uploaded PDF, signature by signature, against the trusted
 * authorities and the fingerprint registered when it was sealed. The first render is the same for
 * every code (the prerendered page serves them all); the code arrives with the first effect.
 */
export default function VerifyPage({ params }: { params: Record<string, string> }) {
  const code = params.code ?? '';
  const { t } = useTranslation('signing');
  const hydrated = useHydrated();
  const [typed, setTyped] = useState('');
  const [facts, setFacts] = useState<{ data?: PublicDocument; error?: unknown }>({});
  const [check, setCheck] = useState<{ busy?: boolean; data?: Verification; error?: unknown }>({});

  useEffect(() => {
    if (!code) return;
    setTyped(code);
    call(api.GET('/api/signing/verify/{code}', { params: { path: { code } } })).then(
      (data) => setFacts({ data }),
      (error: unknown) => setFacts({ error }),
    );
  }, [code]);

  const lookUp = () => {
    if (typed) window.location.assign(`/verify/${encodeURIComponent(typed)}`);
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setCheck({ busy: true });
    try {
      const data = await call(
        api.POST('/api/signing/verify', {
          params: { query: code ? { code } : {} },
          body: file as never,
          bodySerializer: (b: unknown) => b as Blob,
          headers: { 'content-type': 'application/pdf' },
        }),
      );
      setCheck({ data });
    } catch (error) {
      setCheck({ error });
    }
  };

  return (
    <PublicFrame title={t('verify.title')} wide>
      <form
        className="ps-row"
        method="get"
        onSubmit={(e) => {
          e.preventDefault();
          lookUp();
        }}
      >
        <input
          className="ps-input"
          aria-label={t('verify.code')}
          placeholder={t('verify.code')}
          value={typed}
          onChange={(e) => setTyped(e.target.value.trim())}
        />
        <button type="submit" className="ps-button" disabled={!hydrated}>
          {t('verify.lookUp')}
        </button>
      </form>
      {code && facts.error !== undefined && (
        <div className="ps-alert ps-alert-error" role="alert" style={{ marginTop: 16 }}>
          <p>{isApiProblem(facts.error) ? facts.error.title : t('error')}</p>
        </div>
      )}
      {facts.data && <Facts data={facts.data} />}
      <section style={{ marginTop: 24 }} aria-labelledby="verify-upload">
        <h2 id="verify-upload">{t('verify.uploadTitle')}</h2>
        <p>{t('verify.uploadHelp')}</p>
        <input
          id="verify-file"
          className="ps-file"
          type="file"
          accept="application/pdf,.pdf"
          disabled={!hydrated || check.busy}
          onChange={(e) => {
            void upload(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <label htmlFor="verify-file" className="ps-button ps-secondary">
          {t('verify.upload')}
        </label>
        {check.error !== undefined && <UploadError error={check.error} />}
        {check.data && <Outcome data={check.data} />}
      </section>
    </PublicFrame>
  );
}

function UploadError({ error }: { error: unknown }) {
  const { t } = useTranslation('signing');
  const common = useTranslation().t;
  return (
    <div className="ps-alert ps-alert-error" role="alert" style={{ marginTop: 16 }}>
      <p>{isApiProblem(error) && error.kind === 'problem' ? error.title : isApiProblem(error) ? problemText(common, error) : t('error')}</p>
    </div>
  );
}

function Facts({ data }: { data: PublicDocument }) {
  const { t } = useTranslation('signing');
  return (
    <section style={{ marginTop: 16 }}>
      <div className={data.current ? 'ps-alert ps-alert-success' : 'ps-alert ps-alert-warning'}>
        <p>
          {data.current
            ? t('verify.current', { type: data.typeLabel })
            : data.newerVersion?.version
              ? t('verify.superseded', { version: data.newerVersion.version })
              : t('verify.newerDue')}
        </p>
      </div>
      <dl className="ps-facts">
        <dt>{t('verify.type')}</dt>
        <dd>{data.typeLabel}</dd>
        {data.facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
        <dt>{t('verify.version')}</dt>
        <dd>{data.version}</dd>
        {data.sealedAt && (
          <>
            <dt>{t('verify.sealedAt')}</dt>
            <dd>{formatDateTime(data.sealedAt)}</dd>
          </>
        )}
        <dt>{t('verify.signatures')}</dt>
        <dd>
          {data.signatures.map((s) => (
            <div key={s.role}>
              {t(`role.${s.role}`)}: {s.signer}
            </div>
          ))}
        </dd>
        <dt>{t('verify.fingerprint')}</dt>
        <dd className="ps-code">{data.fingerprint}</dd>
      </dl>
    </section>
  );
}

function Outcome({ data }: { data: Verification }) {
  const { t } = useTranslation('signing');
  return (
    <div className="ps-outcome" role="status">
      <div className={data.valid ? 'ps-alert ps-alert-success' : 'ps-alert ps-alert-error'}>
        <strong>{data.valid ? t('verify.valid') : t('verify.invalid')}</strong>
        <p>{data.valid ? t('verify.validHelp') : data.problems.map((p) => t(`verify.problem.${p}`, { defaultValue: p })).join(' ')}</p>
      </div>
      <dl className="ps-facts">
        {data.signatures.map((s) => (
          <div key={s.index}>
            <dt>{s.role ? t(`role.${s.role}`) : t('verify.signature', { n: s.index + 1 })}</dt>
            <dd>
              {s.valid ? '✓' : '✗'} {s.signerName ?? ''}
              {s.signingTime ? ` — ${formatDateTime(s.signingTime)}` : ''}
              {s.problems.length > 0 && (
                <div className="ps-error-text">{s.problems.map((p) => t(`verify.problem.${p}`, { defaultValue: p })).join(', ')}</div>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
