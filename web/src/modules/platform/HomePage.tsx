import { DashboardOutlined } from '@ant-design/icons';
import { Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Suspense } from 'react';
import { useAuth } from '../../app/auth.tsx';
import { EmptyState, LoadingState } from '../../components/states.tsx';
import { webModules } from '../index.ts';

export default function HomePage() {
  const { t, i18n } = useTranslation('platform');
  const { me } = useAuth();
  // Each module contributes the figures of the caller's scope; the server filters them by grants.
  const widgets = me ? webModules.flatMap((m) => m.homeWidgets ?? []).filter((w) => me.permissions.includes(w.permission)) : [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {me ? t('home.greeting', { name: me.displayName }) : t('home.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {me && me.grants.length > 0
          ? t('home.scope', {
              roles: me.grants.map((g) => `${i18n.language === 'en' ? g.role.nameEn : g.role.nameVi} — ${g.unit.name}`).join('; '),
            })
          : t('home.intro')}
      </Typography.Paragraph>
      {widgets.map((w) => (
        <div key={w.key} style={{ marginBottom: 16 }}>
          <Suspense fallback={<LoadingState />}>{w.element}</Suspense>
        </div>
      ))}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} xl={8}>
          <Card
            title={
              <span>
                <DashboardOutlined /> {t('home.statusCard')}
              </span>
            }
            extra={
              <Link to="/status" aria-label={`${t('home.open')}: ${t('home.statusCard')}`}>
                {t('home.open')}
              </Link>
            }
          >
            {t('home.statusCardText')}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={16}>
          <Card title={t('home.announcements')}>
            <EmptyState description={t('home.noAnnouncements')} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
