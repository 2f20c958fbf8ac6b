/** What other modules may use of the registry (gradebook, statistics: later slices). */
export { relatedClasses, TEACH } from './access.ts';
export { requiredRegular } from './catalogue.ts';
