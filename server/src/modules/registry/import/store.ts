import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isUuid } from '../access.ts';
import type { FileKind } from './analyse.ts';

/** What we keep next to an uploaded file (DATA_DIR/files/imports/<id>.json). */
export interface StoredImport {
  id: string;
  schoolId: string;
  kind: FileKind;
  uploadedBy: string;
  uploadedAt: string;
  /** Relative to DATA_DIR: the reference the audit event keeps. */
  file: string;
}

const dirOf = (dataDir: string) => path.join(dataDir, 'files', 'imports');

export async function storeImport(dataDir: string, body: Buffer, meta: Omit<StoredImport, 'id' | 'file' | 'uploadedAt'>): Promise<StoredImport> {
  const id = randomUUID();
  const dir = dirOf(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join('files', 'imports', `${id}.${meta.kind}`);
  const stored: StoredImport = { ...meta, id, file, uploadedAt: new Date().toISOString() };
  await fs.writeFile(path.join(dataDir, file), body, { flag: 'wx' });
  await fs.writeFile(path.join(dir, `${id}.json`), JSON.stringify(stored), { flag: 'wx' });
  return stored;
}

export async function loadImport(dataDir: string, id: string): Promise<StoredImport | undefined> {
  if (!isUuid(id)) return undefined;
  try {
    return JSON.parse(await fs.readFile(path.join(dirOf(dataDir), `${id.toLowerCase()}.json`), 'utf8')) as StoredImport;
  } catch {
    return undefined;
  }
}
