import path from 'node:path';
import type { Settings } from '../config.ts';
import type { Database } from '../db/database.ts';
import { FileService } from './service.ts';
import { LocalFileStore, S3FileStore } from './stores.ts';

export { type FileAuthoriser, type FileLimits, type FileRecord, FileService, type UploadGate } from './service.ts';
export { type DetectedKind, detectKind } from './sniff.ts';
export { type FileStore, LocalFileStore, S3Error, S3FileStore, type S3Settings } from './stores.ts';

/** The file service of a running platform: DATA_DIR/files, or the S3-compatible store of FILES_STORE=s3. */
export function createFileService(settings: Settings, database: Database): FileService {
  const { s3, ...limits } = settings.files;
  const store = s3 ? new S3FileStore(s3) : new LocalFileStore(path.join(settings.dataDir, 'files'));
  return new FileService(store, database.db, settings.dataDir, limits);
}
