import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import type { Student } from '../api.ts';
import { StartTransferDialog } from './TransferDialogs.tsx';

const open = ['enrolled', 'transferred_in', 'repeating'];

/** "Chuyển trường" on a student's record: for the school that holds the student, while in a class. */
export function StudentTransferButton({ student }: { student: Student }) {
  const { t } = useTranslation('registry');
  const [starting, setStarting] = useState(false);
  if (student.view === 'past' || !student.abilities.enrol || !open.includes(student.status)) return null;
  return (
    <>
      <Button onClick={() => setStarting(true)}>{t('transfers.start.button')}</Button>
      {starting && <StartTransferDialog student={student} onClose={() => setStarting(false)} />}
    </>
  );
}

/**
 * A merged duplicate's old link answers with the surviving record: show it under its own address.
 * A school the student left sees only its past years: say so.
 */
export function StudentViewNotice({ requestedId, student }: { requestedId: string; student: Student }) {
  const { t } = useTranslation('registry');
  if (student.id !== requestedId) return <Navigate replace to={`/registry/students/${student.id}`} />;
  if (student.view !== 'past') return null;
  return (
    <Alert type="info" showIcon title={t('transfers.past.title')} description={t('transfers.past.body')} style={{ marginBottom: 16 }} />
  );
}
