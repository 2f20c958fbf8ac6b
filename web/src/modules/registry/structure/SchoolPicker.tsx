import { Alert, Card, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiProblem } from '../../../api/client.ts';
import { ErrorState } from '../../../components/states.tsx';
import { UnitSelect } from '../../../components/UnitSelect.tsx';

/** A school by accent-insensitive search among the units the caller reaches; sets `?schoolId=`. */
export function SchoolPicker({ style, current }: { style?: CSSProperties; current?: string }) {
  const { t } = useTranslation('registry');
  const [params, setParams] = useSearchParams();
  return (
    <UnitSelect
      type="school"
      ariaLabel={t('structure.school.pick')}
      placeholder={current ?? t('structure.school.pick')}
      style={{ minWidth: 320, width: 'auto', ...style }}
      testId="school-picker"
      onChange={(id) => {
        if (!id) return;
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
