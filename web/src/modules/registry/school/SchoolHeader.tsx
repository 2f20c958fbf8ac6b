import { Breadcrumb, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

/** Breadcrumb back to the school in the organisation tree, the title, and the profile / facilities tabs. */
export function SchoolHeader({ unitId, name, active }: { unitId: string; name: string; active: 'profile' | 'facilities' }) {
  const { t } = useTranslation('registry');
  const navigate = useNavigate();
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/org">{t('school.orgTree')}</Link> },
          { title: <Link to={`/org/units/${unitId}`}>{name}</Link> },
          { title: t(`school.tabs.${active}`) },
        ]}
      />
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {name}
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(k) => navigate(`/registry/schools/${unitId}/${k}`)}
        items={[
          { key: 'profile', label: t('school.tabs.profile') },
          { key: 'facilities', label: t('school.tabs.facilities') },
        ]}
      />
    </>
  );
}
