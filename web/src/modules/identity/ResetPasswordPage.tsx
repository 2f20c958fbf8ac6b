import { CheckCircleOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Result } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiProblem } from '../../api/client.ts';
import { placeFieldErrors } from '../../lib/form-errors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { AuthFrame } from '../../app/AuthFrame.tsx';
import { NewPasswordFields } from '../../components/NewPasswordFields.tsx';
import { resetPassword } from './api.ts';

let linkToken = '';

function tokenFromHash(): string {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  return params.get('token') ?? '';
}

/** /reset-password#token=… — the one-time link of an administrator reset or a new account. */
export default function ResetPasswordPage() {
  const { t } = useTranslation('identity');
  const navigate = useNavigate();
  const [form] = Form.useForm();
  // Read once per page load (kept across re-mounts), then dropped from the address bar.
  const [token] = useState(() => {
    linkToken ||= tokenFromHash();
    return linkToken;
  });
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);
  const reset = useMutation({
    mutationFn: (newPassword: string) => resetPassword(token, newPassword),
    onError: (err) => placeFieldErrors(form, err, { byCode: { 'identity.password*': 'newPassword' } }),
  });

  if (reset.isSuccess) {
    return (
      <AuthFrame title={t('reset.title')}>
        <Result
          icon={<CheckCircleOutlined />}
          status="success"
          title={t('reset.done')}
          extra={
            <Button type="primary" onClick={() => void navigate('/login')}>
              {t('reset.toLogin')}
            </Button>
          }
        />
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={t('reset.title')}>
      {!token ? (
        <Alert type="error" showIcon role="alert" title={t('reset.noToken')} />
      ) : (
        <>
          <ProblemAlert error={isApiProblem(reset.error) && reset.error.code.startsWith('identity.password') ? null : reset.error} />
          <Form form={form} layout="vertical" requiredMark={false} onFinish={(v: { newPassword: string }) => reset.mutate(v.newPassword)}>
            <NewPasswordFields size="large" autoFocus />
            <Button type="primary" htmlType="submit" loading={reset.isPending} block size="large">
              {t('reset.submit')}
            </Button>
          </Form>
        </>
      )}
    </AuthFrame>
  );
}
