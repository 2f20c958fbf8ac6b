import { MailOutlined, MessageOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/states.tsx';
import { formatDate, formatTime } from '../../../lib/format.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { type AccountsState, accountKeys, fetchStudentAccounts, inviteGuardian } from './api.ts';

type GuardianRow = AccountsState['guardians'][number];
const until = (iso: string) => `${formatTime(iso)} ${formatDate(iso)}`;

/** On the student page: the student's account and each guardian's, with "invite" by e-mail or SMS. */
export function GuardianAccounts({ studentId }: { studentId: string }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: accountKeys.ofStudent(studentId), queryFn: () => fetchStudentAccounts(studentId) });
  const invite = useMutation({
    mutationFn: (v: { guardianId: string; channel: 'email' | 'phone' }) => inviteGuardian(studentId, v.guardianId, v.channel),
    onSuccess: (inv) => {
      void message.success(t('accounts.guardians.sent', { destination: inv.destination, until: until(inv.expiresAt) }));
      void queryClient.invalidateQueries({ queryKey: accountKeys.ofStudent(studentId) });
    },
  });
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} compact />;
  const state = q.data;
  return (
    <Card title={t('accounts.guardians.title')} style={{ marginBottom: 16 }} loading={q.isPending} data-testid="guardian-accounts">
      {state && (
        <>
          <Typography.Paragraph>
            {t('accounts.guardians.studentAccount')}:{' '}
            {state.studentUsername ? <Tag color="green">{state.studentUsername}</Tag> : <Tag>{t('accounts.guardians.noAccount')}</Tag>}
          </Typography.Paragraph>
          <ProblemAlert error={invite.error} />
          <Table<GuardianRow>
            rowKey="guardianId"
            size="small"
            pagination={false}
            dataSource={state.guardians}
            columns={[
              { title: t('guardian.fullName'), dataIndex: 'fullName' },
              {
                title: t('accounts.guardians.account'),
                dataIndex: 'username',
                render: (v: string | null) => (v ? <Tag color="green">{v}</Tag> : <Tag>{t('accounts.guardians.noAccount')}</Tag>),
              },
              {
                title: t('accounts.guardians.invitation'),
                dataIndex: 'invitation',
                render: (inv: GuardianRow['invitation']) =>
                  inv ? `${inv.destination} · ${t(`accounts.guardians.state.${inv.state}`, { until: until(inv.expiresAt) })}` : '—',
              },
              {
                title: '',
                key: 'actions',
                render: (_: unknown, g: GuardianRow) =>
                  state.abilities.invite && !g.username ? (
                    <Space wrap>
                      <Button
                        size="small"
                        icon={<MailOutlined />}
                        disabled={!g.hasEmail}
                        loading={invite.isPending && invite.variables?.guardianId === g.guardianId && invite.variables.channel === 'email'}
                        onClick={() => invite.mutate({ guardianId: g.guardianId, channel: 'email' })}
                      >
                        {t('accounts.guardians.inviteEmail')}
                      </Button>
                      <Button
                        size="small"
                        icon={<MessageOutlined />}
                        disabled={!g.hasPhone}
                        loading={invite.isPending && invite.variables?.guardianId === g.guardianId && invite.variables.channel === 'phone'}
                        onClick={() => invite.mutate({ guardianId: g.guardianId, channel: 'phone' })}
                      >
                        {t('accounts.guardians.invitePhone')}
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
          {state.abilities.invite && <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('accounts.guardians.smsNote')} />}
        </>
      )}
    </Card>
  );
}
