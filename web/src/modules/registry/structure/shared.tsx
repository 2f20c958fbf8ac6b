import { Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { foldFilter } from '../../../lib/text.ts';
import type { SchoolYear, Teacher } from './api.ts';

export function YearSelect({
  years,
  value,
  onChange,
}: {
  years: readonly SchoolYear[];
  value: string | undefined;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation('registry');
  return (
    <Select
      aria-label={t('structure.year.label')}
      style={{ minWidth: 200 }}
      value={value}
      onChange={onChange}
      options={years.map((y) => ({
        value: y.id,
        label: `${t('structure.year.label')} ${y.name}${y.status === 'current' ? ` (${t('structure.year.status.current')})` : ''}`,
      }))}
    />
  );
}

export function TeacherSelect({
  teachers,
  value,
  onChange,
  disabled,
  ariaLabel,
  placeholder,
}: {
  teachers: readonly Teacher[];
  value?: string | null;
  onChange?: (v: string | null) => void;
  disabled?: boolean;
  ariaLabel?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation('registry');
  return (
    <Select
      showSearch={{ filterOption: foldFilter }}
      allowClear
      disabled={disabled}
      aria-label={ariaLabel}
      placeholder={placeholder ?? t('structure.teacher.pick')}
      style={{ minWidth: 180, width: '100%' }}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as string | undefined) ?? null)}
      options={teachers.map((x) => ({ value: x.id, label: x.displayName }))}
    />
  );
}

export function YearStatusTag({ status }: { status: SchoolYear['status'] }) {
  const { t } = useTranslation('registry');
  const color = { planned: 'blue', current: 'green', closed: 'default' }[status];
  return <Tag color={color}>{t(`structure.year.status.${status}`)}</Tag>;
}

export const statusColors: Record<string, string> = {
  enrolled: 'green',
  transferred_in: 'cyan',
  repeating: 'orange',
  transferred_out: 'default',
  dropped_out: 'red',
  graduated: 'blue',
  none: 'default',
};
