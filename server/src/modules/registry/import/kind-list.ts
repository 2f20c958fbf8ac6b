import type { ImportKind } from './kinds.ts';
import { classesImport } from './classes.ts';
import { facilitiesImport } from './facilities.ts';
import { staffImport } from './staff.ts';
import { studentsImport } from './students.ts';

/**
 * The import kinds the registry serves (see `kinds.ts` for how to write one). One line per kind;
 * each kind lives in its own file.
 */
// biome-ignore lint/suspicious/noExplicitAny: kinds differ in their context and row types
export const builtinImportKinds: ReadonlyArray<ImportKind<any, any, any>> = [studentsImport, classesImport, staffImport, facilitiesImport];
