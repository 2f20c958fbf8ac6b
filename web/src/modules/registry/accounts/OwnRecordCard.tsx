import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format.ts';
import { schoolYearName } from '../../../lib/school-year.ts';
import { StudentLinks } from '../StudentExtras.tsx';
import type { OwnRecord } from './api.ts';

/** A child's (or the student's own) basic record and class, as a guardian or a student sees it. */
export function OwnRecordCard({ record }: { record: OwnRecord }) {
  const { t } = useTranslation('registry');
  const c = record.currentClass;
  return (
    <Card
      title={<span data-testid="own-record-name">{record.fullName}</span>}
      extra={<StudentLinks student={{ id: record.id, fullName: record.fullName, own: true }} />}
      style={{ marginBottom: 16 }}
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('accounts.own.school')}>{record.school.name}</Descriptions.Item>
        <Descriptions.Item label={t('accounts.own.class')}>{c ? c.name : t('accounts.own.noClass')}</Descriptions.Item>
        {c && <Descriptions.Item label={t('accounts.own.year')}>{schoolYearName(c.startYear)}</Descriptions.Item>}
        {c && <Descriptions.Item label={t('accounts.own.homeroom')}>{c.homeroomTeacher ?? '—'}</Descriptions.Item>}
        <Descriptions.Item label={t('accounts.own.dateOfBirth')}>{formatDate(record.dateOfBirth)}</Descriptions.Item>
        <Descriptions.Item label={t('accounts.own.sex')}>{t(`sex.${record.sex}`)}</Descriptions.Item>
        <Descriptions.Item label={t('accounts.own.studentCode')}>{record.schoolCode ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('accounts.own.moetCode')}>{record.moetCode ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('accounts.own.status')}>
          <Tag>{t(`status.${record.status}`)}</Tag>
        </Descriptions.Item>
        {record.relations.length > 0 && (
          <Descriptions.Item label={t('accounts.own.relation')}>
            {record.relations.map((r) => t(`relation.${r}`)).join(', ')}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
