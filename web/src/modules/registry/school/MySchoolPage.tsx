import { Button, Result, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useAuth } from '../../../app/auth.tsx';
import { LoadingState } from '../../../components/states.tsx';
import { useUnit } from '../../../api/shell.ts';
import { FacilitiesImportDialog } from './FacilitiesImportDialog.tsx';

/**
 * "Hồ sơ trường" in the menu: the profile of the user's own school. Someone whose unit is above
 * the schools (a commune, the department) is pointed to the organisation tree and may import the
 * facilities of all their schools at once.
 */
export default function MySchoolPage() {
  const { t } = useTranslation('registry');
  const { me, loading, can } = useAuth();
  const homeId = me?.homeUnit?.id ?? '';
  const unit = useUnit(homeId);
  const [importing, setImporting] = useState(false);
  if (loading || (homeId && unit.isPending)) return <LoadingState />;
  if (unit.data?.type === 'school') return <Navigate replace to={`/registry/schools/${homeId}/profile`} />;
  return (
    <>
      <Result
        status="info"
        title={unit.data ? t('school.import.unitIntro', { unit: unit.data.name }) : t('school.notSchool')}
        extra={
          <Space wrap>
            <Link to={homeId ? `/org/units/${homeId}` : '/org'}>
              <Button>{t('school.openOrgTree')}</Button>
            </Link>
            {unit.data && can('registry.school.write') && (
              <Button type="primary" onClick={() => setImporting(true)}>
                {t('school.import.unitButton')}
              </Button>
            )}
          </Space>
        }
      />
      {importing && <FacilitiesImportDialog unitId={homeId} onClose={() => setImporting(false)} />}
    </>
  );
}
