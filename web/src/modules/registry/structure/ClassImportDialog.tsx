import { KindImportDialog } from '../import/KindImportDialog.tsx';

/** Classes from Excel, matched by school year and name. */
export function ClassImportDialog({ schoolId, onClose }: { schoolId: string; onClose: () => void }) {
  return (
    <KindImportDialog
      unitId={schoolId}
      kind="classes"
      fileName="mau-nhap-lop-hoc.xlsx"
      texts="structure.import"
      invalidate={['registry']}
      onClose={onClose}
      done={(r) => ({ created: r.classesCreated ?? 0, updated: r.classesUpdated ?? 0 })}
    />
  );
}
