import { KindImportDialog } from '../import/KindImportDialog.tsx';

/** The school's staff from Excel; people are recognised by staff code or CCCD. */
export function StaffImportDialog({ schoolId, onClose }: { schoolId: string; onClose: () => void }) {
  return (
    <KindImportDialog
      unitId={schoolId}
      kind="staff"
      fileName="mau-nhap-can-bo.xlsx"
      texts="staff.import"
      invalidate={['registry', 'staff']}
      onClose={onClose}
      done={(r) => ({ created: r.staffCreated ?? 0, updated: r.staffUpdated ?? 0 })}
    />
  );
}
