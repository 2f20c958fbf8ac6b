import { DashboardOutlined } from '@ant-design/icons';
import { Card, Col, Row, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { useWidgets } from '../../app/extensions.tsx';
import { EmptyState, LoadingState } from '../../components/states.tsx';
import { useDisplayLanguage } from '../../lib/language.ts';
import type { WebWidget } from '../types.ts';

function Widgets({ widgets, title }: { widgets: readonly WebWidget[]; title?: string }) {
  if (widgets.length === 0) return null;
  return (
    <section aria-label={title} style={{ marginBottom: 16 }}>
      {title && (
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {title}
        </Typography.Title>
      )}
      {widgets.map((w) => (
        <div key={w.key} style={{ marginBottom: 16 }}>
          <Suspense fallback={<LoadingState />}>{w.element}</Suspense>
        </div>
      ))}
    </section>
  );
}

export default function HomePage() {
  const { t } = useTranslation('platform');
  const lang = useDisplayLanguage();
  const { me } = useAuth();
  // Each module contributes the figures of the caller's scope (the server filters them by grants);
  // the shell hands the modules down, so this page does not import the list that imports it.
  const home = useWidgets('homeWidgets');
  const desk = useWidgets('deskWidgets');
  const guardian = useWidgets('guardianWidgets');
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {me ? t('home.greeting', { name: me.displayName }) : t('home.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {me && me.grants.length > 0
          ? t('home.scope', {
              roles: me.grants.map((g) => `${lang === 'en' ? g.role.nameEn : g.role.nameVi} — ${g.unit.name}`).join('; '),
            })
          : t('home.intro')}
      </Typography.Paragraph>
      {me?.kind === 'guardian' && <Widgets widgets={guardian} title={t('home.guardian')} />}
      {me?.kind === 'staff' && <Widgets widgets={desk} title={t('home.desk')} />}
      <Widgets widgets={home} />
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
