import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';

/**
 * Picks an organisation unit by accent-insensitive search (`GET /api/org/units/search`), limited
 * by the server to the units the caller reaches. `initial` labels a value set before any search.
 */
export function UnitSelect({
  value,
  onChange,
  initial,
  id,
}: {
  value?: string;
  onChange?: (v: string) => void;
  initial?: { id: string; name: string };
  id?: string;
}) {
  const { t } = useTranslation('identity');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useQuery({
    queryKey: ['identity', 'unit-search', q],
    queryFn: () => call(api.GET('/api/org/units/search', { params: { query: { q, limit: 20 } } })),
    enabled: q.length > 0,
  });
  const options = (search.data?.items ?? []).map((u) => ({
    value: u.id,
    label: u.adminUnitName && u.type === 'school' ? `${u.name} — ${u.adminUnitName}` : u.name,
  }));
  if (initial && value === initial.id && !options.some((o) => o.value === initial.id))
    options.unshift({ value: initial.id, label: initial.name });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      placeholder={t('users.pickUnit')}
      notFoundContent={search.isFetching ? <Spin size="small" /> : null}
      options={options}
      data-testid="unit-select"
      style={{ width: '100%' }}
    />
  );
}
