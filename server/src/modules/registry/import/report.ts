import type { SpreadsheetIssue } from '../../../platform/spreadsheet/index.ts';
import type { ImportAction } from './kinds.ts';

/**
 * What an analysis reports and how far a run has got: shared by the engine that produces them and
 * the store that keeps the report next to the file (its own file, so neither imports the other).
 */
export interface AnalysisReport {
  errorCount: number;
  warningCount: number;
  /** The first `keptIssues` issues in row order. */
  issues: SpreadsheetIssue[];
  counts: { total: number; create: number; update: number; unchanged: number };
  preview: Array<{ row: number; action: ImportAction } & Record<string, string | number | boolean | null>>;
  /** Rows staged for the commit. */
  staged: number;
  analysedAt: string;
  ms: number;
}

export interface Progress {
  phase: 'analysing' | 'committing';
  rows: number;
}
