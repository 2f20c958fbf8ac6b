/**
 * Issue 5, bad input: "a process killed in the middle of an import … either the whole file commits
 * or nothing does", with a real kill. The server runs as a child process (what `npm start` runs) on
 * the database under test: PGlite by default, a clone on the PostgreSQL server of DATABASE_URL when
 * set. A principal uploads a CSV of 15,000 pupils and starts the commit; once the first batch of
 * 5,000 is written inside the transaction, the server gets SIGKILL. Read straight from the database
 * afterwards, nothing of the file is there; after a restart the upload is still ready to commit, and
 * committing it writes every row once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildRun, runTsScript, type ServerProcess, startServer } from './support/server-process.ts';
import { spell } from '../src/modules/registry/tests/factories.ts';
import { childDatabase } from './support/test-db.ts';

const FIXTURE = 'server/tests/support/import-fixture.ts';
const SESSION_SECRET = 'lifecycle-test-session-secret-0123456789abcdef';
const ROWS = 15_000;
const TAG = 'GIETTIENTRINH';
/** The row the fixture holds the commit at: in the second batch of 5,000. */
const HOLD = 7_000;
const HEADERS = [
  'Họ và tên',
  'Ngày sinh (dd/mm/yyyy)',
  'Giới tính',
  'Số định danh cá nhân',
  'Mã học sinh',
  'Dân tộc',
  'Lớp',
  'Họ tên cha/mẹ/người giám hộ',
  'Số điện thoại người giám hộ',
];

let database: Awaited<ReturnType<typeof childDatabase>> | undefined;
let databaseUrl: string | undefined;
let dataDir: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-import-kill-'));
  database = await childDatabase('gds_test_import_kill');
  databaseUrl = database.url;
}, 60_000);
afterAll(async () => {
  for (const s of servers) await s.kill();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the fixture script to its end and returns the JSON of its `<word> {…}` line. */
async function fixture<T>(args: string[]): Promise<T> {
  const run: ChildRun = runTsScript(FIXTURE, args, { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SESSION_SECRET, LOG_LEVEL: 'warn' });
  const { code } = await run.exited;
  expect(code, run.stderr()).toBe(0);
  const line = run.stdout().trim().split('\n').at(-1) ?? '';
  return JSON.parse(line.slice(line.indexOf(' ') + 1)) as T;
}

const nameOf = (i: number) => `Trần ${i % 2 === 0 ? 'Văn' : 'Thị'} ${TAG} ${spell(i)}`;

function studentsCsv(classes: string[]): string {
  const lines = [HEADERS.join(',')];
  for (let i = 0; i < ROWS; i++) {
    const male = i % 2 === 0;
    lines.push(
      [
        nameOf(i),
        `${String((i % 28) + 1).padStart(2, '0')}/0${(i % 9) + 1}/2014`,
        male ? 'Nam' : 'Nữ',
        '',
        `${TAG}${String(i).padStart(5, '0')}`,
        'Kinh',
        classes[i % classes.length],
        `Trần Văn ${TAG} Bố ${spell(i)}`,
        `09${String(10_000_000 + i)}`,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Polls the import's status until the commit is seen held (or the server stops answering for 5 s). */
async function heldInCommit(url: string, headers: Record<string, string>, id: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  let silentSince: number | undefined;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/registry/imports/${id}`, { headers, signal: AbortSignal.timeout(1_000) });
      const s = (await res.json()) as { status: string; progress?: { rows: number } };
      silentSince = undefined;
      if (s.status === 'committing' && (s.progress?.rows ?? 0) >= 5_000) return 'committing, first batch written';
      if (s.status !== 'analysed' && s.status !== 'committing') return `unexpected: ${JSON.stringify(s)}`;
    } catch {
      silentSince ??= Date.now();
      if (Date.now() - silentSince >= 5_000) return 'not answering';
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return 'neither within 120 s';
}

describe('an import whose server is killed in the middle of its commit', () => {
  it('keeps nothing of the file, and the same upload commits whole after the restart', async () => {
    const { schoolId, headers } = await fixture<{ schoolId: string; headers: Record<string, string> }>(['prepare', nameOf(HOLD)]);
    let server = await startServer({ dataDir, databaseUrl, env: { SESSION_SECRET } });
    servers.push(server);
    await server.waitHealthy();
    const api = async (method: string, url: string, body?: string | object, type = 'application/json') => {
      const res = await fetch(`${server.url}${url}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': type }) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> & { status?: string; progress?: { rows: number } } };
    };
    const statusOf = (id: string) => api('GET', `/api/registry/imports/${id}`);
    const until = async (id: string, done: (s: Awaited<ReturnType<typeof statusOf>>['json']) => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const s = (await statusOf(id)).json;
        if (done(s)) return s;
        if (Date.now() > deadline) throw new Error(`import ${id}: ${JSON.stringify(s)} after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };

    const year = await api('POST', `/api/registry/schools/${schoolId}/years`, {
      startYear: 2026,
      startsOn: '2026-09-05',
      endsOn: '2027-05-31',
      status: 'current',
      terms: [
        { no: 1, name: 'Học kì I', startsOn: '2026-09-05', endsOn: '2027-01-16' },
        { no: 2, name: 'Học kì II', startsOn: '2027-01-18', endsOn: '2027-05-31' },
      ],
    });
    expect(year.status, JSON.stringify(year.json)).toBe(201);
    for (const name of ['6A1', '6A2']) {
      expect(
        (await api('POST', `/api/registry/schools/${schoolId}/classes`, { schoolYearId: year.json.id, gradeNo: 6, name })).status,
      ).toBe(201);
    }

    const uploaded = await api(
      'POST',
      `/api/registry/units/${schoolId}/imports/students`,
      studentsCsv(['6A1', '6A2']),
      'text/csv; charset=utf-8',
    );
    expect([201, 202], JSON.stringify(uploaded.json)).toContain(uploaded.status);
    const id = uploaded.json.id as string;
    const analysed = await until(id, (s) => s.status !== 'analysing', 120_000);
    expect(analysed).toMatchObject({ status: 'analysed', canCommit: true, counts: { create: ROWS } });

    // The commit runs in one transaction, batch by batch. The fixture's hold stops it at row HOLD, in
    // the second batch: a server database lets the status say so; the embedded one runs inside the
    // server's thread, which then stops answering. Either way the first 5,000 rows are written.
    const commitAnswer = api('POST', `/api/registry/imports/${id}/commit`).catch((err: unknown) => err);
    expect(await heldInCommit(server.url, headers, id)).toBe(databaseUrl ? 'committing, first batch written' : 'not answering');
    await server.kill();
    expect(await commitAnswer).toBeInstanceOf(Error);

    // straight from the database, before any server touches it again (the release waits for the
    // killed transaction to end)
    await fixture(['release']);
    expect(await fixture(['count', TAG])).toEqual({ students: 0, enrolments: 0, guardians: 0, audits: 0 });

    server = await startServer({ dataDir, databaseUrl, env: { SESSION_SECRET } });
    servers.push(server);
    await server.waitHealthy();
    expect((await statusOf(id)).json).toMatchObject({ status: 'analysed', canCommit: true, counts: { create: ROWS } });
    const again = await api('POST', `/api/registry/imports/${id}/commit`);
    expect([200, 202], JSON.stringify(again.json)).toContain(again.status);
    const committed = await until(id, (s) => s.status !== 'committing', 180_000);
    expect(committed).toMatchObject({
      status: 'committed',
      canCommit: false,
      result: { created: ROWS, enrolled: ROWS, guardiansCreated: ROWS },
    });
    expect(await server.stop()).toEqual({ code: 0, signal: null });

    expect(await fixture(['count', TAG])).toEqual({ students: ROWS, enrolments: ROWS, guardians: ROWS, audits: 1 });
  }, 420_000);
});
