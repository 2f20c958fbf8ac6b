import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../../../app/auth.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { UnitSelect } from '../../../components/UnitSelect.tsx';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { fetchStaffList, type StaffFilter, type StaffItem, staffKeys, useStaffCodes } from './api.ts';
import { StaffFormModal } from './StaffForm.tsx';
import { StaffImportDialog } from './StaffImportDialog.tsx';
import { useDisplayLanguage } from '../../../lib/language.ts';

const standardColors: Record<string, string> = { below: 'red', meets: 'green', above: 'blue' };
const statusColors: Record<string, string> = { working: 'green', on_leave: 'orange', transferred: 'default', retired: 'default' };

/**
 * Staff of the schools the caller reaches, in Vietnamese name order (the server orders and pages),
 * with filters a school office uses every day and search without accents.
 */
export default function StaffListPage() {
  const { t } = useTranslation('registry');
  const { can, me } = useAuth();
  const { label, options, codes, subjectName } = useStaffCodes();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const page = Number(params.get('page') ?? 1) || 1;
  const filter: StaffFilter = {
    q: params.get('q') ?? undefined,
    schoolId: params.get('schoolId') ?? undefined,
    position: (params.get('position') as StaffFilter['position']) ?? undefined,
    subject: params.get('subject') ?? undefined,
    status: (params.get('status') as StaffFilter['status']) ?? undefined,
    qualificationStandard: (params.get('qualificationStandard') as StaffFilter['qualificationStandard']) ?? undefined,
    page,
    pageSize: 50,
  };
  const list = useQuery({ queryKey: staffKeys.list(filter), queryFn: () => fetchStaffList(filter) });
  const lang = useDisplayLanguage();
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const items = list.data?.items ?? [];
  const manySchools = new Set(items.map((s) => s.schoolId)).size > 1 || !!filter.schoolId;
  const columns = [
    {
      title: t('staff.field.fullName'),
      dataIndex: 'fullName',
      render: (v: string, s: StaffItem) => <Link to={`/registry/staff/${s.id}`}>{v}</Link>,
    },
    { title: t('staff.field.staffCode'), dataIndex: 'staffCode', render: (v: string | null) => v ?? '—' },
    { title: t('staff.field.dateOfBirth'), dataIndex: 'dateOfBirth', render: (v: string) => formatDate(v) },
    { title: t('staff.field.position'), dataIndex: 'position', render: (v: string) => label('position', v) },
    { title: t('staff.field.subjects'), dataIndex: 'subjects', render: (v: string[]) => v.map(subjectName).join(', ') || '—' },
    {
      title: t('staff.field.qualification'),
      dataIndex: 'qualification',
      render: (v: string | null, s: StaffItem) => (
        <Space size={4} wrap>
          {label('qualification', v)}
          {s.qualificationStandard && (
            <Tag color={standardColors[s.qualificationStandard]}>{label('qualificationStandard', s.qualificationStandard)}</Tag>
          )}
        </Space>
      ),
    },
    { title: t('staff.field.status'), dataIndex: 'status', render: (v: string) => <Tag color={statusColors[v]}>{label('status', v)}</Tag> },
    { title: t('staff.field.cccd'), dataIndex: 'cccd', render: (v: string | null) => v ?? '—' },
    ...(manySchools ? [{ title: t('staff.school'), dataIndex: 'schoolName' }] : []),
  ];
  // where "add" and "import" write: the chosen school, else the caller's own school (a department
  // or commune account has no school of its own: it picks one first)
  const ownSchool =
    list.isSuccess &&
    ((list.data.total === 0 && !filter.q && !filter.position && !filter.subject && !filter.status && !filter.qualificationStandard) ||
      items.some((s) => s.schoolId === me?.homeUnit?.id))
      ? me?.homeUnit?.id
      : undefined;
  const addSchool = filter.schoolId ?? ownSchool;
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('staff.title')}
        </Typography.Title>
        {can('registry.staff.manage') && addSchool && (
          <Space wrap>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('staff.import.button')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('staff.add')}
            </Button>
          </Space>
        )}
      </Space>
      <Card>
        <Space style={{ marginBottom: 12 }} wrap>
          <Input.Search
            allowClear
            defaultValue={filter.q}
            placeholder={t('staff.search')}
            aria-label={t('staff.search')}
            style={{ width: 380 }}
            onSearch={(v) => set('q', v.trim() || undefined)}
          />
          <UnitSelect
            type="school"
            allowClear
            value={filter.schoolId}
            onChange={(v) => set('schoolId', v)}
            ariaLabel={t('staff.school')}
            placeholder={t('staff.allSchools')}
            style={{ minWidth: 260, width: 'auto' }}
            testId="staff-school"
          />
          <Select
            allowClear
            aria-label={t('staff.filter.position')}
            placeholder={t('staff.filter.position')}
            style={{ minWidth: 180 }}
            value={filter.position}
            onChange={(v) => set('position', v)}
            options={options('position')}
          />
          <Select
            allowClear
            aria-label={t('staff.filter.subject')}
            placeholder={t('staff.filter.subject')}
            style={{ minWidth: 180 }}
            showSearch={{
              filterOption: (input, o) =>
                String(o?.label ?? '')
                  .toLowerCase()
                  .includes(input.toLowerCase()),
            }}
            value={filter.subject}
            onChange={(v) => set('subject', v)}
            options={(codes?.subjects ?? []).map((s) => ({ value: s.code, label: s.name }))}
          />
          <Select
            allowClear
            aria-label={t('staff.filter.status')}
            placeholder={t('staff.filter.status')}
            style={{ minWidth: 160 }}
            value={filter.status}
            onChange={(v) => set('status', v)}
            options={options('status')}
          />
          <Select
            allowClear
            aria-label={t('staff.filter.standard')}
            placeholder={t('staff.filter.standard')}
            style={{ minWidth: 200 }}
            value={filter.qualificationStandard}
            onChange={(v) => set('qualificationStandard', v)}
            options={options('qualificationStandard')}
          />
        </Space>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={list.refetch} />
        ) : (
          <Table<StaffItem>
            rowKey="id"
            size="small"
            loading={list.isPending}
            columns={columns}
            dataSource={items}
            scroll={{ x: true }}
            locale={{ emptyText: t('staff.empty') }}
            pagination={{
              current: page,
              pageSize: 50,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => set('page', String(p)),
              showTotal: (n) => t('staff.total', { count: n, formatted: formatNumber(n, lang) }),
            }}
          />
        )}
      </Card>
      {adding && addSchool && <StaffFormModal schoolId={addSchool} onClose={() => setAdding(false)} />}
      {importing && addSchool && <StaffImportDialog schoolId={addSchool} onClose={() => setImporting(false)} />}
    </>
  );
}
