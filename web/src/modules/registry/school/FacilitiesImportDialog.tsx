import { KindImportDialog } from '../import/KindImportDialog.tsx';

/**
 * Facilities from Excel for a school, or for every school of a commune or the department (the
 * template lists them with their codes and current figures).
 */
export function FacilitiesImportDialog({ unitId, onClose }: { unitId: string; onClose: () => void }) {
  return (
    <KindImportDialog
      unitId={unitId}
      kind="facilities"
      fileName="mau-nhap-co-so-vat-chat.xlsx"
      texts="school.import"
      invalidate={['registry', 'school']}
      onClose={onClose}
      done={(r) => ({ created: r.facilitiesCreated ?? 0, updated: r.facilitiesUpdated ?? 0 })}
    />
  );
}
