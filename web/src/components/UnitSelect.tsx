import { Select, Spin } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/client.ts';
import { useUnitSearch } from '../api/shell.ts';

type UnitType = components['schemas']['OrgUnit']['type'];

/**
 * Picks an organisation unit by accent-insensitive search, among the units the server lets the
 * caller reach (`types` narrows it, e.g. to schools). `initial` labels a value set before any search.
 */
export function UnitSelect({
  value,
  onChange,
  initial,
  id,
  types,
  placeholder,
  ariaLabel,
  style,
  testId = 'unit-select',
}: {
  value?: string;
  onChange?: (v: string) => void;
  initial?: { id: string; name: string };
  id?: string;
  types?: readonly UnitType[];
  placeholder?: string;
  ariaLabel?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useUnitSearch(q);
  const options = (search.data?.items ?? [])
    .filter((u) => !types || types.includes(u.type))
    .map((u) => ({ value: u.id, label: u.adminUnitName && u.type === 'school' ? `${u.name} — ${u.adminUnitName}` : u.name }));
  if (initial && value === initial.id && !options.some((o) => o.value === initial.id))
    options.unshift({ value: initial.id, label: initial.name });
  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      placeholder={placeholder ?? t('unitSelect.placeholder')}
      notFoundContent={search.isFetching ? <Spin size="small" /> : null}
      options={options}
      data-testid={testId}
      style={{ width: '100%', ...style }}
    />
  );
}
