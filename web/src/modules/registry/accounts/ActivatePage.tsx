import { CheckCircleOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiProblem } from '../../../api/client.ts';
import { placeFieldErrors } from '../../../lib/form-errors.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { AuthFrame } from '../../../app/AuthFrame.tsx';
import { redeemInvitation } from './api.ts';

interface Values {
  contact: string;
  code: string;
  username: string;
  password: string;
}

/** /activate — a guardian redeems the one-time code the school sent and gets (or joins) an account. */
export default function ActivatePage() {
  const { t } = useTranslation('registry');
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const redeem = useMutation({
    mutationFn: (v: Values) => redeemInvitation(v),
    onError: (err) =>
      placeFieldErrors(form, err, {
        byCode: {
          'identity.password*': 'password',
          'registry.accounts.code*': 'code',
          'registry.accounts.useExistingAccount': 'password',
        },
      }),
  });
  const required = [{ required: true, message: t('accounts.activate.required') }];
  if (redeem.isSuccess) {
    return (
      <AuthFrame title={t('accounts.activate.title')}>
        <Result
          icon={<CheckCircleOutlined />}
          status="success"
          title={t(redeem.data.newAccount ? 'accounts.activate.doneNew' : 'accounts.activate.doneLinked', {
            username: redeem.data.username,
          })}
          extra={
            <Button type="primary" onClick={() => void navigate(`/login?next=${encodeURIComponent('/registry/me/children')}`)}>
              {t('accounts.activate.toLogin')}
            </Button>
          }
        />
      </AuthFrame>
    );
  }
  const onField = isApiProblem(redeem.error) && redeem.error.errors.length > 0;
  return (
    <AuthFrame title={t('accounts.activate.title')}>
      <Typography.Paragraph type="secondary">{t('accounts.activate.intro')}</Typography.Paragraph>
      <ProblemAlert error={onField ? null : redeem.error} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => redeem.mutate(v)}>
        <Form.Item name="contact" label={t('accounts.activate.contact')} rules={required}>
          <Input autoComplete="email" size="large" autoFocus />
        </Form.Item>
        <Form.Item name="code" label={t('accounts.activate.code')} extra={t('accounts.activate.codeHint')} rules={required}>
          <Input autoComplete="one-time-code" size="large" maxLength={20} />
        </Form.Item>
        <Form.Item name="username" label={t('accounts.activate.username')} extra={t('accounts.activate.usernameHint')} rules={required}>
          <Input autoComplete="username" size="large" />
        </Form.Item>
        <Form.Item name="password" label={t('accounts.activate.password')} extra={t('common:password.policy')} rules={required}>
          <Input.Password autoComplete="new-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={redeem.isPending} block size="large">
          {t('accounts.activate.submit')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
