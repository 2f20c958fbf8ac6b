import { Card, Col, Row, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { schoolLevels, useOverview } from './api.ts';

/** Home-page figures of the caller's scope: units, schools by level, accounts. */
export default function OverviewCards() {
  const { t } = useTranslation('org');
  const overview = useOverview();
  if (overview.isPending) return <LoadingState />;
  if (overview.isError) return <ErrorState error={overview.error} compact onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  return (
    <Row gutter={[16, 16]} data-testid="org-overview">
      <Col xs={12} md={6}>
        <Card>
          <Statistic title={t('overview.schools')} value={o.schools} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card>
          <Statistic title={t('overview.communes')} value={o.unitsByType.commune} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card>
          <Statistic title={t('overview.divisions')} value={o.unitsByType.division} />
        </Card>
      </Col>
      {o.users !== undefined && (
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('overview.users')} value={o.users} />
          </Card>
        </Col>
      )}
      <Col span={24}>
        <Card size="small" title={t('unit.byLevel')}>
          {schoolLevels.map((l) => (
            <Tag key={l} style={{ marginBottom: 4 }}>
              {t(`common:schoolLevel.${l}`)}: {o.schoolsByLevel[l]}
            </Tag>
          ))}
        </Card>
      </Col>
    </Row>
  );
}
