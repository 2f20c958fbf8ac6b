import { useQueryClient } from '@tanstack/react-query';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shellKeys } from '../api/shell.ts';
import { ChangePasswordForm } from '../components/ChangePasswordForm.tsx';

/**
 * Shown instead of any page while the account still has a first password someone else set (a
 * student's printed password): the server answers nothing else until it is changed.
 */
export function FirstPasswordGate() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <Card style={{ maxWidth: 520 }} data-testid="first-password">
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('firstPassword.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('firstPassword.intro')}</Typography.Paragraph>
      <ChangePasswordForm autoFocus onChanged={() => void queryClient.invalidateQueries({ queryKey: shellKeys.me })} />
    </Card>
  );
}
