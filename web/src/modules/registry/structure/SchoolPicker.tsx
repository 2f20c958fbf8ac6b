import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Select, Spin, Typography } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, call, isApiProblem } from '../../../api/client.ts';
import { ErrorState } from '../../../components/states.tsx';

/** A school by accent-insensitive search among the units the caller reaches; sets `?schoolId=`. */
export function SchoolPicker({ style, current }: { style?: CSSProperties; current?: string }) {
  const { t } = useTranslation('registry');
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useQuery({
    queryKey: ['registry', 'school-search', q],
    queryFn: () => call(api.GET('/api/org/units/search', { params: { query: { q, limit: 20 } } })),
    enabled: q.length > 0,
  });
  const options = (search.data?.items ?? [])
    .filter((u) => u.type === 'school')
    .map((u) => ({ value: u.id, label: u.adminUnitName ? `${u.name} — ${u.adminUnitName}` : u.name }));
  return (
    <Select
      aria-label={t('structure.school.pick')}
      placeholder={current ?? t('structure.school.pick')}
      showSearch={{ filterOption: false, onSearch: setText }}
      notFoundContent={search.isFetching ? <Spin size="small" /> : null}
      options={options}
      style={{ minWidth: 320, ...style }}
      onChange={(id: string) => {
        const next = new URLSearchParams(params);
        next.set('schoolId', id);
        next.delete('yearId');
        setParams(next);
      }}
    />
  );
}

/**
 * What a structure screen shows when it has no school to work on: the user's home unit is not a
 * school (department, commune staff) or is out of their reach — a school picker instead of an error.
 */
export function NoSchool({ error, onRetry }: { error?: unknown; onRetry?: () => void }) {
  const { t } = useTranslation('registry');
  if (error && !(isApiProblem(error) && (error.status === 404 || error.status === 403)))
    return <ErrorState error={error} onRetry={onRetry} />;
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('structure.school.title')}
      </Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('structure.school.hint')} />
      <SchoolPicker />
    </Card>
  );
}
