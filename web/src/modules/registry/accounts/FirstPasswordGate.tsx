import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call, isApiProblem } from '../../../api/client.ts';
import { NewPasswordFields } from '../../identity/NewPasswordFields.tsx';
import { placeFieldErrors, ProblemAlert } from '../../identity/shared.tsx';

/**
 * Shown instead of any page while the account still has a first password someone else set (a
 * student's printed password): the server answers nothing else until it is changed.
 */
export function FirstPasswordGate() {
  const { t } = useTranslation('registry');
  const { t: ti } = useTranslation('identity');
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => call(api.POST('/api/identity/me/password', { body: v })),
    // ['identity', 'me'] (app/auth.tsx's meQueryKey; not imported: auth.tsx renders this gate)
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['identity', 'me'] }),
    onError: (err) =>
      placeFieldErrors(form, err, { 'identity.currentPasswordWrong': 'currentPassword', 'identity.password*': 'newPassword' }),
  });
  const onField =
    isApiProblem(change.error) &&
    (change.error.code.startsWith('identity.password') || change.error.code === 'identity.currentPasswordWrong');
  return (
    <Card style={{ maxWidth: 520 }} data-testid="first-password">
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('accounts.firstPassword.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('accounts.firstPassword.intro')}</Typography.Paragraph>
      <ProblemAlert error={onField ? null : change.error} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v: { currentPassword: string; newPassword: string }) =>
          change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })
        }
      >
        <Form.Item name="currentPassword" label={ti('password.current')} rules={[{ required: true, message: ti('password.required') }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <NewPasswordFields />
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {ti('password.change')}
        </Button>
      </Form>
    </Card>
  );
}
