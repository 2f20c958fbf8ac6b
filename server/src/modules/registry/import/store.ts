import fs from 'node:fs/promises';
import path from 'node:path';
import { isUuid } from '../access.ts';
import type { AnalysisReport } from './engine.ts';

export type FileKind = 'xlsx' | 'csv';

/** What we keep next to an uploaded file (DATA_DIR/files/imports/<id>.json). */
export interface StoredImport {
  id: string;
  /** The import kind ('students', 'staff'…). */
  importKind: string;
  /** The unit the file was uploaded for: a school, or a unit above schools (the file names each row's school). */
  unitId: string;
  kind: FileKind;
  uploadedBy: string;
  uploadedAt: string;
  /** Relative to DATA_DIR: the reference the audit event keeps. */
  file: string;
}

const dirOf = (dataDir: string) => path.join(dataDir, 'files', 'imports');

/** Where the file service keeps an upload: the engine reads it at DATA_DIR/files/<key> (a cached copy when the store is remote). */
export const importFileKey = (id: string, kind: FileKind) => `imports/${id}.${kind}`;

/**
 * Records an upload the platform's file service has received (its id is the import's id), next to
 * it the import's own facts; the analysis report and staged rows are working files beside them.
 */
export async function storeImport(
  dataDir: string,
  uploaded: { id: string; key: string },
  meta: Omit<StoredImport, 'id' | 'file' | 'uploadedAt'>,
): Promise<StoredImport> {
  const dir = dirOf(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const stored: StoredImport = { ...meta, id: uploaded.id, file: path.join('files', uploaded.key), uploadedAt: new Date().toISOString() };
  await fs.writeFile(path.join(dir, `${uploaded.id}.json`), JSON.stringify(stored), { flag: 'wx' });
  return stored;
}

export async function loadImport(dataDir: string, id: string): Promise<StoredImport | undefined> {
  if (!isUuid(id)) return undefined;
  try {
    const raw = JSON.parse(await fs.readFile(path.join(dirOf(dataDir), `${id.toLowerCase()}.json`), 'utf8')) as StoredImport & {
      schoolId?: string;
    };
    // uploads stored before import kinds: student files of one school
    return { ...raw, importKind: raw.importKind ?? 'students', unitId: raw.unitId ?? raw.schoolId! };
  } catch {
    return undefined;
  }
}

export async function saveReport(dataDir: string, id: string, report: AnalysisReport): Promise<void> {
  await fs.writeFile(path.join(dirOf(dataDir), `${id}.report.json`), JSON.stringify(report));
}

export async function loadReport(dataDir: string, id: string): Promise<AnalysisReport | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dirOf(dataDir), `${id}.report.json`), 'utf8')) as AnalysisReport;
  } catch {
    return undefined;
  }
}
