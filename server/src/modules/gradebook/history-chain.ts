import { type HashChain, timeField } from '../../platform/audit-chain.ts';

/**
 * The cell history (gradebook.mark_changes) chained by hash, one stream per sheet (migration 0026):
 * the fields in the order gradebook.mark_change_payload hashes them.
 */
export const markHistoryChain: HashChain = {
  chain: 'marks',
  table: 'gradebook.mark_changes',
  streamColumn: 'sheet_id',
  idColumn: 'id',
  fields: [
    'id::text',
    'sheet_id::text',
    'student_id::text',
    'slot',
    'old_value',
    'new_value',
    'reason',
    'correction_id::text',
    timeField('changed_at'),
    'changed_by::text',
  ],
};
