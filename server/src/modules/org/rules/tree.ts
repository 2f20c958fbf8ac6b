import { OrgRuleError } from './placement.ts';

/** The materialised path of a unit under a parent: '/<root>/…/<parent>/<id>/'. */
export function pathUnder(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

export const depthOf = (path: string): number => path.split('/').length - 3;

/** A unit may not move under itself or anything in its own subtree (no cycles). */
export function checkMove(unit: { id: string; path: string; parentId: string | null }, newParent: { id: string; path: string }): void {
  if (newParent.path.startsWith(unit.path)) throw new OrgRuleError('org.moveUnderDescendant', {}, 'parentId');
  if (unit.parentId === newParent.id) throw new OrgRuleError('org.moveSameParent', {}, 'parentId');
  if (unit.parentId === null) throw new OrgRuleError('org.moveRoot', {}, 'parentId');
}

/** The path of a node of a moved subtree: the old prefix swapped for the new one. */
export function rewritePath(path: string, oldPrefix: string, newPrefix: string): string {
  if (!path.startsWith(oldPrefix)) throw new Error(`${path} is not under ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}

export interface CloseFacts {
  status: 'active' | 'closed';
  isRoot: boolean;
  activeChildren: number;
  /** Open dependants other modules report (users, classes, enrolments…), by kind. */
  dependants: Record<string, number>;
}

/** A unit with active children or open dependants cannot close; a closed unit is kept, never deleted. */
export function checkClose(facts: CloseFacts): void {
  if (facts.status === 'closed') throw new OrgRuleError('org.alreadyClosed');
  if (facts.isRoot) throw new OrgRuleError('org.closeRoot');
  if (facts.activeChildren > 0) throw new OrgRuleError('org.closeHasActiveChildren', { count: facts.activeChildren });
  const open = Object.entries(facts.dependants).filter(([, n]) => n > 0);
  if (open.length > 0) {
    throw new OrgRuleError('org.closeHasDependants', { list: open.map(([k, n]) => `${k}: ${n}`).join(', ') });
  }
}
