import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnitType } from '../schema.ts';
import { normaliseCode, schoolCode, unitCodePattern } from './codes.ts';
import { managedBy, schoolLevels } from './levels.ts';
import { checkPlacement, OrgRuleError, type ParentUnit, type PlacedUnit } from './placement.ts';
import { checkClose, checkMove, depthOf, pathUnder, rewritePath } from './tree.ts';

const codeOf = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (err) {
    if (err instanceof OrgRuleError) return err.code;
    throw err;
  }
};

const department: ParentUnit = { type: 'department', status: 'active', adminUnitCode: '24' };
const commune: ParentUnit = { type: 'commune', status: 'active', adminUnitCode: '07210' };
const school = (schoolLevel: string | null, adminUnitCode: string | null = '07210'): PlacedUnit => ({
  type: 'school',
  schoolLevel,
  adminUnitCode,
});

describe('placement (management after the 2025 reform, regulations §7.6)', () => {
  it.each([
    ['mam_non', commune, undefined],
    ['tieu_hoc', commune, undefined],
    ['thcs', commune, undefined],
    ['lien_cap', commune, undefined],
    ['thpt', department, undefined],
    ['gdtx', department, undefined],
    ['lien_cap_thpt', department, undefined],
    ['thpt', commune, 'org.schoolUnderDepartment'],
    ['gdtx', commune, 'org.schoolUnderDepartment'],
    ['lien_cap_thpt', commune, 'org.schoolUnderDepartment'],
    ['mam_non', department, 'org.schoolUnderCommune'],
    ['thcs', department, 'org.schoolUnderCommune'],
  ] as const)('a %s school under a %s → %s', (level, parent, expected) => {
    expect(codeOf(() => checkPlacement(school(level), parent, true))).toBe(expected);
  });

  it('every school records the commune it stands in, which must exist', () => {
    expect(codeOf(() => checkPlacement(school('thpt', null), department, false))).toBe('org.communeUnknown');
    expect(codeOf(() => checkPlacement(school('thpt', '99999'), department, false))).toBe('org.communeUnknown');
  });

  it('a school needs a known level', () => {
    expect(codeOf(() => checkPlacement(school(null), commune, true))).toBe('org.schoolLevelRequired');
    expect(codeOf(() => checkPlacement(school('dai_hoc'), commune, true))).toBe('org.schoolLevelUnknown');
  });

  it('a commune-managed school stands in its own commune', () => {
    expect(codeOf(() => checkPlacement(school('thcs', '07211'), commune, true))).toBe('org.schoolCommuneMismatch');
  });

  it('types hang only where they belong, never under a closed unit', () => {
    const u = (type: UnitType): PlacedUnit => ({ type, adminUnitCode: '07210' });
    expect(codeOf(() => checkPlacement(u('division'), department, true))).toBeUndefined();
    expect(codeOf(() => checkPlacement(u('commune'), department, true))).toBeUndefined();
    expect(codeOf(() => checkPlacement(u('division'), commune, true))).toBe('org.parentTypeNotAllowed');
    expect(codeOf(() => checkPlacement(u('site'), commune, true))).toBe('org.parentTypeNotAllowed');
    expect(codeOf(() => checkPlacement(u('department'), null, true))).toBeUndefined();
    expect(codeOf(() => checkPlacement(u('commune'), { ...department, status: 'closed' }, true))).toBe('org.parentClosed');
    expect(codeOf(() => checkPlacement({ type: 'division', schoolLevel: 'thcs' }, department, true))).toBe('org.levelOnlyForSchools');
  });

  it('every level has a manager', () => {
    for (const l of schoolLevels) expect(['commune', 'department']).toContain(managedBy(l));
  });
});

describe('moves and closing', () => {
  const root = { id: 'r', path: '/r/', parentId: null };
  const a = { id: 'a', path: '/r/a/', parentId: 'r' };
  const b = { id: 'b', path: '/r/a/b/', parentId: 'a' };
  const c = { id: 'c', path: '/r/c/', parentId: 'r' };

  it('never under itself or its own descendant', () => {
    expect(codeOf(() => checkMove(a, a))).toBe('org.moveUnderDescendant');
    expect(codeOf(() => checkMove(a, b))).toBe('org.moveUnderDescendant');
    expect(codeOf(() => checkMove(b, c))).toBeUndefined();
    expect(codeOf(() => checkMove(b, a))).toBe('org.moveSameParent');
    expect(codeOf(() => checkMove(root, c))).toBe('org.moveUnderDescendant');
  });

  it('rewrites paths of the subtree', () => {
    expect(rewritePath('/r/a/b/', '/r/a/', '/r/c/a/')).toBe('/r/c/a/b/');
    expect(() => rewritePath('/r/c/', '/r/a/', '/x/')).toThrow();
    expect(pathUnder('/r/', 'a')).toBe('/r/a/');
    expect(depthOf('/r/')).toBe(0);
    expect(depthOf('/r/a/b/')).toBe(2);
  });

  it('a unit with active children or dependants cannot close; closed stays closed', () => {
    const facts = { status: 'active' as const, isRoot: false, activeChildren: 0, dependants: {} };
    expect(codeOf(() => checkClose(facts))).toBeUndefined();
    expect(codeOf(() => checkClose({ ...facts, activeChildren: 2 }))).toBe('org.closeHasActiveChildren');
    expect(codeOf(() => checkClose({ ...facts, dependants: { users: 3, classes: 0 } }))).toBe('org.closeHasDependants');
    expect(codeOf(() => checkClose({ ...facts, dependants: { classes: 0 } }))).toBeUndefined();
    expect(codeOf(() => checkClose({ ...facts, status: 'closed' }))).toBe('org.alreadyClosed');
    expect(codeOf(() => checkClose({ ...facts, isRoot: true }))).toBe('org.closeRoot');
  });

  it('keeps the tree a tree under any sequence of moves (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 25 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }), (n, moves) => {
        // Random tree: node i hangs under some j < i.
        const nodes = new Map<string, { id: string; parentId: string | null; path: string }>();
        for (let i = 0; i < n; i++) {
          const id = `n${i}`;
          const parent = i === 0 ? null : nodes.get(`n${(i * 7) % i}`)!;
          nodes.set(id, { id, parentId: parent?.id ?? null, path: pathUnder(parent?.path ?? null, id) });
        }
        for (const [x, y] of moves) {
          const unit = nodes.get(`n${x % n}`)!;
          const target = nodes.get(`n${y % n}`)!;
          if (codeOf(() => checkMove(unit, target)) !== undefined) continue;
          const oldPrefix = unit.path;
          const newPrefix = pathUnder(target.path, unit.id);
          const subtree = [...nodes.values()]
            .filter((u) => u.path.startsWith(oldPrefix))
            .map((u) => u.id)
            .sort();
          for (const u of nodes.values()) if (u.path.startsWith(oldPrefix)) u.path = rewritePath(u.path, oldPrefix, newPrefix);
          unit.parentId = target.id;
          // The subtree moved whole.
          expect(
            [...nodes.values()]
              .filter((u) => u.path.startsWith(newPrefix))
              .map((u) => u.id)
              .sort(),
          ).toEqual(subtree);
        }
        // Invariants: path = parent's path + id; following parents reaches the root without a cycle.
        for (const u of nodes.values()) {
          const parent = u.parentId ? nodes.get(u.parentId)! : null;
          expect(u.path).toBe(pathUnder(parent?.path ?? null, u.id));
          const seen = new Set<string>();
          for (let p: string | null = u.id; p; p = nodes.get(p)!.parentId) {
            expect(seen.has(p)).toBe(false);
            seen.add(p);
          }
        }
      }),
    );
  });
});

describe('codes', () => {
  it('normalises and validates', () => {
    expect(normaliseCode(' 24mn0001 ')).toBe('24MN0001');
    expect(unitCodePattern.test('24MN0001')).toBe(true);
    expect(unitCodePattern.test('SGD24.VP')).toBe(true);
    expect(unitCodePattern.test('A')).toBe(false);
    expect(unitCodePattern.test('có dấu')).toBe(false);
    expect(schoolCode('24', 'thpt', 7)).toBe('24PT0007');
  });
});
