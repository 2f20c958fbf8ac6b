import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, List, Modal, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { meQueryKey, useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { MfaEnrolment } from './MfaEnrolment.tsx';
import { dateTime } from './shared.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ChangePasswordForm } from '../../components/ChangePasswordForm.tsx';
import { endMySession, identityKeys, useMySessions } from './api.ts';
import { useDisplayLanguage } from '../../lib/language.ts';

function roleName(role: { nameVi: string; nameEn: string }, lang: string) {
  return lang === 'en' ? role.nameEn : role.nameVi;
}

/** "Chrome · Windows" from a user-agent string (the full string stays in a tooltip). */
export function deviceOf(ua: string | null): string {
  if (!ua) return '—';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : '';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return [browser, os].filter(Boolean).join(' · ') || ua.slice(0, 60);
}

function ChangePassword() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Card title={t('password.change')}>
      <ChangePasswordForm onChanged={() => void message.success(t('password.changed'))} />
    </Card>
  );
}

function MySessions() {
  const { t } = useTranslation('identity');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const q = useMySessions();
  const end = useMutation({
    mutationFn: endMySession,
    onSuccess: () => {
      void message.success(t('profile.sessionEnded'));
      void queryClient.invalidateQueries({ queryKey: identityKeys.mySessions });
    },
  });
  return (
    <Card title={t('profile.sessions')}>
      <ProblemAlert error={end.error} />
      {q.isPending ? (
        <LoadingState />
      ) : q.error ? (
        <ErrorState compact error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <List
          dataSource={q.data}
          data-testid="my-sessions"
          renderItem={(s) => (
            <List.Item
              actions={
                s.current
                  ? [
                      <Tag color="blue" key="c">
                        {t('profile.current')}
                      </Tag>,
                    ]
                  : [
                      <Popconfirm key="e" title={t('profile.endSessionConfirm')} onConfirm={() => end.mutate(s.id)}>
                        <Button size="small" danger>
                          {t('profile.endSession')}
                        </Button>
                      </Popconfirm>,
                    ]
              }
            >
              <List.Item.Meta
                title={<span title={s.userAgent ?? undefined}>{deviceOf(s.userAgent)}</span>}
                description={
                  <Space wrap size={[12, 0]}>
                    <span>
                      {t('profile.ip')}: {s.ip ?? '—'}
                    </span>
                    <span>
                      {t('profile.started')}: {dateTime(s.createdAt)}
                    </span>
                    <span>
                      {t('profile.lastSeen')}: {dateTime(s.lastSeenAt)}
                    </span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export default function ProfilePage() {
  const { t } = useTranslation('identity');
  const lang = useDisplayLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { me } = useAuth();
  const [enrolOpen, setEnrolOpen] = useState(false);
  if (!me) return <LoadingState />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('profile.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('profile.identity')}>
              <Descriptions column={1} size="small" data-testid="profile-identity">
                <Descriptions.Item label={t('profile.displayName')}>{me.displayName}</Descriptions.Item>
                <Descriptions.Item label={t('profile.username')}>{me.username}</Descriptions.Item>
                <Descriptions.Item label={t('profile.email')}>{me.email ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('profile.phone')}>{me.phone ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('profile.homeUnit')}>{me.homeUnit?.name ?? '—'}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title={t('profile.grants')}>
              {me.grants.length === 0 ? (
                <Typography.Text type="secondary">{t('profile.noGrants')}</Typography.Text>
              ) : (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  data-testid="my-grants"
                  dataSource={me.grants}
                  columns={[
                    { title: t('users.role'), render: (_, g) => roleName(g.role, lang) },
                    { title: t('users.unit'), render: (_, g) => g.unit.name },
                  ]}
                />
              )}
            </Card>
            <Card title={t('profile.mfa')}>
              <Space direction="vertical">
                <span data-testid="mfa-status">
                  {me.mfaEnabled ? <Tag color="green">{t('profile.mfaOn')}</Tag> : <Tag>{t('profile.mfaOff')}</Tag>}
                  {me.mfaRequired && <Typography.Text type="secondary">{t('profile.mfaRequiredNote')}</Typography.Text>}
                </span>
                {!me.mfaEnabled && (
                  <Button type="primary" onClick={() => setEnrolOpen(true)}>
                    {t('profile.mfaEnrol')}
                  </Button>
                )}
              </Space>
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <ChangePassword />
            <MySessions />
          </Space>
        </Col>
      </Row>
      <Modal
        open={enrolOpen}
        title={t('profile.mfaEnrol')}
        footer={null}
        onCancel={() => setEnrolOpen(false)}
        destroyOnHidden
        maskClosable={false}
      >
        {enrolOpen && (
          <MfaEnrolment
            onDone={() => {
              setEnrolOpen(false);
              void message.success(t('profile.mfaEnabledMsg'));
              void queryClient.invalidateQueries({ queryKey: meQueryKey });
            }}
          />
        )}
      </Modal>
    </>
  );
}
