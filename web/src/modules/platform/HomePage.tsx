import { DashboardOutlined } from '@ant-design/icons';
import { Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/states.tsx';

export default function HomePage() {
  const { t } = useTranslation('platform');
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('home.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
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
