import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../data-lock.ts';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gds-lock-'));

describe('data folder lock', () => {
  it('refuses a second holder while the first runs, and frees on release', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    // Simulate another live process holding it: our parent process certainly runs.
    fs.writeFileSync(lock.path, JSON.stringify({ pid: process.ppid }));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by another Giáo Dục Số process/);
    fs.writeFileSync(lock.path, JSON.stringify({ pid: process.pid }));
    lock.release();
    expect(fs.existsSync(lock.path)).toBe(false);
  });

  it('takes over the lock of a process that was killed', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    fs.writeFileSync(path.join(dir, '.lock'), JSON.stringify({ pid: dead }));
    const lock = acquireDataDirLock(dir);
    expect(lock.recoveredStale).toBe(true);
    lock.release();
  });

  it('treats a half-written lock file as stale', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.lock'), '{"pid":');
    const lock = acquireDataDirLock(dir);
    expect(lock.recoveredStale).toBe(true);
    lock.release();
  });
});
