import { useQuery } from '@tanstack/react-query';
import { Card, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/states.tsx';
import { formatDate } from '../../lib/format.ts';
import { ExportButton } from './accounts/ExportButton.tsx';
import { studentsExportUrl } from './accounts/export-url.ts';
import { fetchStudents, registryKeys, type StudentItem } from './api.ts';

/** Students the caller reaches, in Vietnamese name order (done by the server across pages), searchable without accents. */
export default function StudentsPage() {
  const { t } = useTranslation('registry');
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const filter = {
    q: params.get('q') ?? undefined,
    schoolId: params.get('schoolId') ?? undefined,
    classId: params.get('classId') ?? undefined,
    page,
    pageSize: 50,
  };
  const q = useQuery({ queryKey: registryKeys.students(filter), queryFn: () => fetchStudents(filter) });
  const columns = [
    {
      title: t('student.fullName'),
      dataIndex: 'fullName',
      render: (v: string, s: StudentItem) => <Link to={`/registry/students/${s.id}`}>{v}</Link>,
    },
    { title: t('student.dateOfBirth'), dataIndex: 'dateOfBirth', render: (v: string) => formatDate(v) },
    { title: t('student.sex'), dataIndex: 'sex', render: (v: string) => t(`sex.${v}`) },
    { title: t('student.class'), dataIndex: 'currentClass', render: (c: StudentItem['currentClass']) => c?.name ?? '—' },
    { title: t('student.cccd'), dataIndex: 'cccd', render: (v: string | null) => v ?? '—' },
    { title: t('student.status'), dataIndex: 'status', render: (v: string) => <Tag>{t(`status.${v}`)}</Tag> },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('students.title')}
      </Typography.Title>
      <Card>
        <Space style={{ marginBottom: 12 }} wrap>
          <Input.Search
            allowClear
            defaultValue={filter.q}
            placeholder={t('students.search')}
            aria-label={t('students.search')}
            style={{ width: 360 }}
            onSearch={(v) => {
              const next = new URLSearchParams(params);
              if (v.trim()) next.set('q', v.trim());
              else next.delete('q');
              setPage(1);
              setParams(next);
            }}
          />
          <ExportButton url={studentsExportUrl(filter)} />
        </Space>
        {q.isError ? (
          <ErrorState error={q.error} onRetry={q.refetch} />
        ) : (
          <Table<StudentItem>
            rowKey="id"
            size="small"
            loading={q.isPending}
            columns={columns}
            dataSource={q.data?.items ?? []}
            locale={{ emptyText: t('students.empty') }}
            pagination={{
              current: page,
              pageSize: 50,
              total: q.data?.total ?? 0,
              showSizeChanger: false,
              onChange: setPage,
              showTotal: (n) => t('students.total', { count: n }),
            }}
          />
        )}
      </Card>
    </>
  );
}
