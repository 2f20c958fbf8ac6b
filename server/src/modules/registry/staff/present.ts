import type { Queryable } from '../../../platform/db/database.ts';
import { type Actor, allowedIds, scopeOf } from '../../identity/public.ts';
import { pathInScope } from '../access.ts';
import { maskCccd } from '../identifiers.ts';
import { ACCOUNT_PERMISSIONS } from './account.ts';
import { STAFF_MANAGE } from './access.ts';
import type { StaffListRow } from './repo.ts';

/** List rows with abilities; the CCCD is masked unless the caller may edit the record or it is their own. */
export async function presentStaff(q: Queryable, actor: Actor, rows: StaffListRow[]) {
  if (rows.length === 0) return [];
  const [editable, ...accountScopes] = await Promise.all([
    allowedIds(
      q,
      actor,
      STAFF_MANAGE,
      'registry.staff',
      rows.map((r) => r.id),
    ),
    ...ACCOUNT_PERMISSIONS.map((p) => scopeOf(q, actor, p)),
  ]);
  return rows.map((r) => {
    const canEdit = editable.has(r.id);
    return {
      id: r.id,
      schoolId: r.schoolId,
      schoolName: r.schoolName,
      staffCode: r.staffCode,
      fullName: r.fullName,
      sex: r.sex,
      dateOfBirth: r.dateOfBirth,
      cccd: canEdit || r.userId === actor.userId ? r.cccd : maskCccd(r.cccd),
      position: r.position,
      titleGroup: r.titleGroup,
      titleRank: r.titleRank,
      qualification: r.qualification,
      qualificationStandard: r.qualificationStandard,
      subjects: r.subjects,
      contractType: r.contractType,
      status: r.status,
      phone: r.phone,
      email: r.email,
      account: r.userId ? { id: r.userId, username: r.username ?? '' } : null,
      version: r.version,
      abilities: {
        update: canEdit,
        linkAccount: canEdit && !r.userId && accountScopes.every((s) => pathInScope(r.schoolPath, s)),
      },
    };
  });
}
