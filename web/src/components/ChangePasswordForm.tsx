import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeOwnPassword } from '../api/shell.ts';
import { fieldOfCode, placeFieldErrors } from '../lib/form-errors.ts';
import { NewPasswordFields } from './NewPasswordFields.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';

const passwordFields = { 'identity.currentPasswordWrong': 'currentPassword', 'identity.password*': 'newPassword' };

/** The signed-in user changes their own password (profile page, and the gate of a first password). */
export function ChangePasswordForm({ onChanged, autoFocus }: { onChanged: () => void; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const change = useMutation({
    mutationFn: changeOwnPassword,
    onSuccess: () => {
      form.resetFields();
      onChanged();
    },
    onError: (err) => placeFieldErrors(form, err, { byCode: passwordFields }),
  });
  // A wrong current password or a weak new one shows on its field, anything else above the form.
  const onField = !!fieldOfCode(change.error, passwordFields);
  return (
    <>
      <ProblemAlert error={onField ? null : change.error} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v: { currentPassword: string; newPassword: string }) =>
          change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })
        }
      >
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
          <Input.Password autoComplete="current-password" autoFocus={autoFocus} />
        </Form.Item>
        <NewPasswordFields />
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('password.change')}
        </Button>
      </Form>
    </>
  );
}
