import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { isApiProblem } from '../../api/client.ts';
import { meQueryKey, safeNext, useAuth, useSignOut } from '../../app/auth.tsx';
import { LoadingState } from '../../components/states.tsx';
import { MfaEnrolment } from './MfaEnrolment.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { AuthFrame } from '../../app/AuthFrame.tsx';
import { login, loginMfa } from './api.ts';

type Step = 'password' | 'mfa' | 'enrol';

/** /login: password, then (by the answer) the second factor or the enrolment. */
export default function LoginPage() {
  const { t } = useTranslation('identity');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const auth = useAuth();
  const signOut = useSignOut();
  const [step, setStep] = useState<Step>('password');
  const [enrolling, setEnrolling] = useState(false);

  // Coming back to /login with a half-finished sign-in continues it; a finished one goes on.
  const pending = auth.raw?.pending;
  useEffect(() => {
    if (pending === 'mfa') setStep('mfa');
    else if (pending === 'mfa_enrolment') setStep('enrol');
    else if (pending === 'none' && !enrolling) void navigate(next, { replace: true });
  }, [pending, enrolling, navigate, next]);

  const finish = async () => {
    queryClient.removeQueries({ queryKey: ['identity'], predicate: (q) => q.queryKey.join('.') !== 'identity.me' });
    await queryClient.invalidateQueries({ queryKey: meQueryKey });
    await navigate(next, { replace: true });
  };

  const password = useMutation({
    mutationFn: login,
    onSuccess: async (r) => {
      setEnded(null);
      if (r.status === 'ok') await finish();
      else if (r.status === 'mfa_required') setStep('mfa');
      else {
        setEnrolling(true);
        setStep('enrol');
      }
    },
  });
  // Too many wrong codes end the pending sign-in (or lock the second factor): back to the password,
  // with the reason shown there.
  const [ended, setEnded] = useState<unknown>(null);
  const mfa = useMutation({
    mutationFn: loginMfa,
    onSuccess: finish,
    onError: (err) => {
      if (isApiProblem(err) && (err.code === 'identity.mfaSignInEnded' || err.code === 'identity.mfaLocked')) {
        setEnded(err);
        setStep('password');
      }
    },
  });

  if (auth.loading) return <LoadingState />;

  if (step === 'enrol') {
    return (
      <AuthFrame title={t('login.enrolTitle')}>
        <Typography.Paragraph type="secondary">{t('login.enrolRequired')}</Typography.Paragraph>
        <MfaEnrolment
          onDone={() => {
            setEnrolling(false);
            void finish();
          }}
        />
        <Button type="link" onClick={() => void signOut()} style={{ paddingInline: 0, marginTop: 8 }}>
          {t('login.cancel')}
        </Button>
      </AuthFrame>
    );
  }

  if (step === 'mfa') {
    return (
      <AuthFrame title={t('login.mfaTitle')}>
        <Typography.Paragraph type="secondary">{t('login.mfaIntro')}</Typography.Paragraph>
        <ProblemAlert error={mfa.error} />
        <Form layout="vertical" requiredMark={false} onFinish={(v: { code: string }) => mfa.mutate(v.code.trim())}>
          <Form.Item
            name="code"
            label={t('login.code')}
            rules={[{ required: true, min: 6, message: t('login.codeRequired') }]}
            extra={t('login.codeHelp')}
          >
            <Input
              prefix={<SafetyOutlined />}
              autoComplete="one-time-code"
              autoFocus
              maxLength={20}
              size="large"
              style={{ letterSpacing: 2 }}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={mfa.isPending} block size="large">
            {t('login.verify')}
          </Button>
        </Form>
        <Button type="link" onClick={() => void signOut().then(() => setStep('password'))} style={{ paddingInline: 0, marginTop: 8 }}>
          {t('login.cancel')}
        </Button>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('login.title')}>
      <ProblemAlert error={password.error ?? ended} />
      <Form layout="vertical" requiredMark={false} onFinish={(v: { login: string; password: string }) => password.mutate(v)}>
        <Form.Item name="login" label={t('login.login')} rules={[{ required: true, whitespace: true, message: t('login.loginRequired') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" autoCapitalize="none" spellCheck={false} />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={password.isPending} block size="large">
          {t('login.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 13 }}>
        {t('login.forgot')}
      </Typography.Paragraph>
    </AuthFrame>
  );
}
