import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchSubjects, gradebookKeys } from './api.ts';
import { localName, useDisplayLanguage } from '../../lib/language.ts';

/** Subject names from the registry catalogue, in the user's language (the code while loading). */
export function useSubjectName(): (code: string) => string {
  const lang = useDisplayLanguage();
  const q = useQuery({
    queryKey: gradebookKeys.subjects,
    queryFn: fetchSubjects,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (code) => {
    const s = q.data?.items.find((x) => x.code === code);
    return s ? localName(lang, s.name, s.nameEn) : code;
  };
}

const statusColor = { open: 'default', published: 'green', locked: 'purple' } as const;

export function SheetStatusTag({ status }: { status: 'open' | 'published' | 'locked' }) {
  const { t } = useTranslation('gradebook');
  return <Tag color={statusColor[status]}>{t(`status.${status}`)}</Tag>;
}

/** A slot's column header: TX1…TX4 (ĐĐGtx), GK (ĐĐGgk), CK (ĐĐGck), and the TT 27 columns. */
export function useSlotLabel(): (slot: string) => string {
  const { t } = useTranslation('gradebook');
  return (slot) => (slot.startsWith('tx') ? `${t('slot.tx')}${slot.slice(2)}` : t(`slot.${slot}`));
}

/** Display of a stored value: scores with a decimal comma in Vietnamese, levels by name. */
export function useValueLabel(): (value: string | null | undefined) => string {
  const { t } = useTranslation('gradebook');
  const lang = useDisplayLanguage();
  return (value) => {
    if (value === null || value === undefined) return '';
    if (/^\d+(\.\d)?$/.test(value)) return lang === 'en' ? value : value.replace('.', ',');
    return t(`value.${value}`, { defaultValue: value });
  };
}

/** The first two columns of every class table: the row number and the student's name, both kept in view. */
export function useStudentColumns<R extends { fullName: string }>(): ColumnsType<R> {
  const { t } = useTranslation('gradebook');
  return [
    { title: '#', key: 'no', render: (_: unknown, __: R, i: number) => i + 1, fixed: 'left' },
    { title: t('sheet.student'), dataIndex: 'fullName', fixed: 'left' },
  ];
}
