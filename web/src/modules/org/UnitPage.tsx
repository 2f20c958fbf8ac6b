import { Breadcrumb, Button, Card, Descriptions, Flex, List, Space, Tabs, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useUnitLinks, useUnitTabs } from '../../app/extensions.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fetchChildren, orgKeys, schoolLevels, useUnit } from './api.ts';
import { UnitDialogs } from './UnitDialogs.tsx';

/** One unit: its facts, figures, sub-units, and the actions its abilities allow. */
export default function UnitPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('org');
  const navigate = useNavigate();
  const unit = useUnit(id);
  const children = useQuery({
    queryKey: orgKeys.children(id),
    queryFn: () => fetchChildren(id),
    enabled: unit.isSuccess && unit.data.hasChildren,
  });
  const [dialog, setDialog] = useState<'edit' | 'move' | 'close' | 'createSchool' | null>(null);
  // What other modules add to a unit's page (a school's profile, its facilities…).
  const links = useUnitLinks(unit.data);
  const tabs = useUnitTabs(unit.data);
  if (unit.isPending) return <LoadingState />;
  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  const u = unit.data;
  const a = u.abilities;
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/org">{t('tree.title')}</Link> },
          ...u.ancestors.map((x) => ({ title: <Link to={`/org/units/${x.id}`}>{x.name}</Link> })),
          { title: u.name },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {u.name} {u.status === 'closed' && <Tag>{t('status.closed')}</Tag>}
        </Typography.Title>
        <Space wrap>
          {a.createChild && (u.type === 'commune' || u.type === 'department') && (
            <Button type="primary" onClick={() => setDialog('createSchool')}>
              {t('unit.createSchool')}
            </Button>
          )}
          {a.update && <Button onClick={() => setDialog('edit')}>{t('unit.edit')}</Button>}
          {a.move && <Button onClick={() => setDialog('move')}>{t('unit.move')}</Button>}
          {a.close && (
            <Button danger onClick={() => setDialog('close')}>
              {t('unit.close')}
            </Button>
          )}
          {u.adminUnitCode && u.type !== 'department' && <Link to={`/org/map?commune=${u.adminUnitCode}`}>{t('unit.openMap')}</Link>}
          {links.map((l) => (
            <Link key={l.key} to={l.to}>
              {l.label}
            </Link>
          ))}
        </Space>
      </Flex>
      <Card style={{ marginTop: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('unit.code')}>{u.code}</Descriptions.Item>
          <Descriptions.Item label={t('unit.type')}>{t(`type.${u.type}`)}</Descriptions.Item>
          {u.schoolLevel && <Descriptions.Item label={t('unit.level')}>{t(`common:schoolLevel.${u.schoolLevel}`)}</Descriptions.Item>}
          {u.ownership && <Descriptions.Item label={t('unit.ownership')}>{t(`common:ownership.${u.ownership}`)}</Descriptions.Item>}
          {u.adminUnitName && <Descriptions.Item label={t('unit.commune')}>{u.adminUnitName}</Descriptions.Item>}
          <Descriptions.Item label={t('unit.status')}>{t(`status.${u.status}`)}</Descriptions.Item>
          {u.type !== 'school' && <Descriptions.Item label={t('unit.schools')}>{u.counts.schools}</Descriptions.Item>}
          {u.counts.users !== undefined && <Descriptions.Item label={t('unit.users')}>{u.counts.users}</Descriptions.Item>}
        </Descriptions>
        {u.type !== 'school' && u.counts.schools > 0 && (
          <div>
            {schoolLevels
              .filter((l) => u.counts.byLevel[l] > 0)
              .map((l) => (
                <Tag key={l}>
                  {t(`common:schoolLevel.${l}`)}: {u.counts.byLevel[l]}
                </Tag>
              ))}
          </div>
        )}
      </Card>
      {u.hasChildren && (
        <Card title={t('unit.children')} style={{ marginTop: 16 }}>
          {children.isPending ? (
            <LoadingState />
          ) : children.isError ? (
            <ErrorState error={children.error} compact />
          ) : (
            <List
              dataSource={children.data.items}
              pagination={children.data.items.length > 20 ? { pageSize: 20 } : false}
              renderItem={(c) => (
                <List.Item>
                  <Link to={`/org/units/${c.id}`}>{c.name}</Link>
                  <Space>
                    <Tag>{t(`type.${c.type}`)}</Tag>
                    {c.schoolLevel && <Tag color="blue">{t(`common:schoolLevel.${c.schoolLevel}`)}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
      {tabs.length > 0 && (
        <Card style={{ marginTop: 16 }}>
          <Tabs items={tabs.map(({ key, label, Component }) => ({ key, label, children: <Component context={u} /> }))} />
        </Card>
      )}
      <UnitDialogs unit={u} open={dialog} onClose={() => setDialog(null)} onCreated={(c) => navigate(`/org/units/${c.id}`)} />
    </>
  );
}
