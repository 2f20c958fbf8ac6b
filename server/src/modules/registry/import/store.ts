import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isUuid } from '../access.ts';
import type { AnalysisReport } from './report.ts';

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

/** Stores an upload already written to `tempFile` (moved into place) or given as a buffer. */
export async function storeImport(
  dataDir: string,
  body: Buffer | { tempFile: string },
  meta: Omit<StoredImport, 'id' | 'file' | 'uploadedAt'>,
): Promise<StoredImport> {
  const id = randomUUID();
  const dir = dirOf(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join('files', 'imports', `${id}.${meta.kind}`);
  const stored: StoredImport = { ...meta, id, file, uploadedAt: new Date().toISOString() };
  if (Buffer.isBuffer(body)) await fs.writeFile(path.join(dataDir, file), body, { flag: 'wx' });
  else await fs.rename(body.tempFile, path.join(dataDir, file));
  await fs.writeFile(path.join(dir, `${id}.json`), JSON.stringify(stored), { flag: 'wx' });
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
