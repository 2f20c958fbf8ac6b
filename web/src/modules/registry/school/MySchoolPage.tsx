import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useAuth } from '../../../app/auth.tsx';
import { LoadingState } from '../../../components/states.tsx';

/** "Hồ sơ trường" in the menu: the profile of the user's own school. */
export default function MySchoolPage() {
  const { t } = useTranslation('registry');
  const { me, loading } = useAuth();
  if (loading) return <LoadingState />;
  if (me?.homeUnit) return <Navigate replace to={`/registry/schools/${me.homeUnit.id}/profile`} />;
  return <Result status="info" title={t('school.notSchool')} extra={<Link to="/org"><Button type="primary">{t('school.openOrgTree')}</Button></Link>} />;
}
