import { Select, Spin } from 'antd';
import { type CSSProperties, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type UnitType, useUnit, useUnitSearch } from '../api/shell.ts';
import { useDebouncedValue } from '../lib/debounce.ts';

/**
 * Picks an organisation unit by accent-insensitive search, among the units the server lets the
 * caller reach (`type` narrows it, e.g. to schools). A value chosen earlier (from the address bar,
 * a saved record) is labelled by `initial` or else by asking for that unit.
 */
export function UnitSelect({
  value,
  onChange,
  initial,
  id,
  type,
  placeholder,
  ariaLabel,
  allowClear,
  style,
  testId = 'unit-select',
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  initial?: { id: string; name: string };
  id?: string;
  type?: UnitType;
  placeholder?: string;
  ariaLabel?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim());
  const search = useUnitSearch(q, type);
  const options = (search.data?.items ?? []).map((u) => ({
    value: u.id,
    label: u.adminUnitName && u.type === 'school' ? `${u.name} — ${u.adminUnitName}` : u.name,
  }));
  const listed = !value || options.some((o) => o.value === value);
  const chosen = useUnit(!listed && value !== initial?.id ? (value ?? '') : '');
  if (!listed && value) {
    const name = value === initial?.id ? initial.name : chosen.data?.name;
    if (name) options.unshift({ value, label: name });
  }
  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear={allowClear}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      placeholder={placeholder ?? t('unitSelect.placeholder')}
      notFoundContent={search.isFetching ? <Spin size="small" /> : null}
      options={options}
      data-testid={testId}
      style={{ width: '100%', ...style }}
    />
  );
}
