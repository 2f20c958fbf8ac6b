import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { confirmMfaEnrolment, identityKeys, startMfaEnrolment } from './api.ts';

/** Recovery codes shown once, with an "I saved them" confirmation before going on. */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation('identity');
  const [saved, setSaved] = useState(false);
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('mfa.recoveryIntro')}</Typography.Paragraph>
      <ol
        data-testid="recovery-codes"
        style={{
          columns: 2,
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
          fontSize: 15,
          background: '#f6f8fb',
          padding: '12px 12px 12px 36px',
          borderRadius: 6,
          margin: 0,
        }}
      >
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <Typography.Text copyable={{ text: codes.join('\n'), tooltips: [t('mfa.copyCodes'), t('mfa.copied')] }}>
        {t('mfa.copyCodes')}
      </Typography.Text>
      <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)} data-testid="codes-saved">
        {t('mfa.savedCodes')}
      </Checkbox>
      <Button type="primary" disabled={!saved} onClick={onDone} block>
        {t('mfa.continue')}
      </Button>
    </Flex>
  );
}

/**
 * TOTP enrolment: the QR code and the secret, the first code, then the recovery codes once.
 * Used at sign-in (enrolment required) and on the profile page.
 */
export function MfaEnrolment({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('identity');
  const [codes, setCodes] = useState<string[] | null>(null);
  // A query (not an effect) so that a re-render or StrictMode does not start it twice.
  const start = useQuery({
    queryKey: identityKeys.mfaEnrolment,
    queryFn: startMfaEnrolment,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const confirm = useMutation({
    mutationFn: confirmMfaEnrolment,
    onSuccess: (r) => setCodes(r.recoveryCodes),
  });
  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} />;
  if (start.isPending) return <LoadingState />;
  if (start.error) return <ErrorState compact error={start.error} onRetry={() => void start.refetch()} />;
  const e = start.data;
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('mfa.enrolIntro')}</Typography.Paragraph>
      <Flex justify="center">
        <img src={e.qrDataUrl} alt={t('mfa.qrAlt')} width={200} height={200} data-testid="mfa-qr" style={{ imageRendering: 'pixelated' }} />
      </Flex>
      <div>
        <Typography.Text type="secondary">{t('mfa.secretLabel')}</Typography.Text>
        <br />
        <Typography.Text code copyable data-testid="mfa-secret" style={{ wordBreak: 'break-all' }}>
          {e.secret}
        </Typography.Text>
      </div>
      <ProblemAlert error={confirm.error} />
      <Form layout="vertical" requiredMark={false} onFinish={(v: { code: string }) => confirm.mutate(v.code.trim())}>
        <Form.Item
          name="code"
          label={t('mfa.firstCode')}
          rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('mfa.codeSixDigits') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" style={{ letterSpacing: 4 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={confirm.isPending} block size="large">
          {t('mfa.confirm')}
        </Button>
      </Form>
    </Flex>
  );
}
