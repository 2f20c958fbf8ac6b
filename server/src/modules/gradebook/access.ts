import type { Queryable } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { type Actor, pathInScope, scopeOf } from '../identity/public.ts';
import { type ClassContext, classContext, teachesInClass, teachesSubject } from '../registry/public.ts';

/** Relationship-only capability: held by teachers, it opens only the sheets of their assignments. */
export const ENTER = 'gradebook.mark.enter';

/** What the caller may do with one subject's sheet of a class and term. */
export interface SheetAbilities {
  read: boolean;
  /** Enter, clear and publish marks; request corrections after the lock (the assigned subject teacher). */
  enter: boolean;
  lock: boolean;
  decide: boolean;
}

/**
 * Who reaches a sheet: the teacher assigned to the subject in that class and term; the homeroom
 * teacher of the class (reads every subject of it); school staff whose grant covers the school
 * (read, lock, decide on corrections). Nothing else — not even a colleague teaching another class.
 */
export async function sheetAbilities(
  q: Queryable,
  actor: Actor,
  ctx: ClassContext,
  subjectCode: string,
  termId: string,
): Promise<SheetAbilities> {
  const [enter, read, lock, decide] = await Promise.all([
    teachesSubject(q, actor.userId, ENTER, ctx.id, subjectCode, termId),
    scopeOf(q, actor, 'gradebook.sheet.read'),
    scopeOf(q, actor, 'gradebook.sheet.lock'),
    scopeOf(q, actor, 'gradebook.correction.decide'),
  ]);
  const homeroom = ctx.homeroomTeacherId === actor.userId && (await scopeOf(q, actor, ENTER)).paths.length > 0;
  return {
    enter,
    read: enter || homeroom || pathInScope(ctx.schoolPath, read),
    lock: pathInScope(ctx.schoolPath, lock),
    decide: pathInScope(ctx.schoolPath, decide),
  };
}

/**
 * A class the caller reaches as staff of its school, its homeroom teacher or one of its subject
 * teachers; 404 otherwise (a teacher elsewhere learns nothing of it).
 */
export async function requireClass(
  q: Queryable,
  actor: Actor,
  classId: string,
): Promise<{ ctx: ClassContext; staff: boolean; homeroom: boolean }> {
  const ctx = await classContext(q, classId);
  if (!ctx) throw notFound();
  const [read, enter] = await Promise.all([scopeOf(q, actor, 'gradebook.sheet.read'), scopeOf(q, actor, ENTER)]);
  const staff = pathInScope(ctx.schoolPath, read);
  const teaching = enter.paths.length > 0;
  const homeroom = teaching && ctx.homeroomTeacherId === actor.userId;
  if (!staff && !homeroom && !(teaching && (await teachesInClass(q, actor.userId, ctx.id)))) throw notFound();
  return { ctx, staff, homeroom };
}

/** The class's homeroom teacher (GVCN) only: rèn luyện, absences, year results, TT 27 finalisation. */
export async function requireHomeroom(q: Queryable, actor: Actor, classId: string): Promise<ClassContext> {
  const reach = await requireClass(q, actor, classId);
  if (!reach.homeroom) throw forbidden('gradebook.notHomeroom');
  return reach.ctx;
}
