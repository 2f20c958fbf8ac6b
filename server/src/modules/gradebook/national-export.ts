import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import type { FileService } from '../../platform/files/index.ts';
import type { TranscriptRow } from './commands/transcripts.ts';
import { transcriptColumns } from './commands/transcripts.ts';
import { readTranscriptFile } from './transcript-files.ts';

/**
 * Sealed transcripts handed to the national sector database. The ministry's exchange format is
 * not public (regulations.md §8.2 [U]), so the export goes through an adapter: the one written
 * here is a documented JSON package (docs/transcript-package.md) — one JSON document, each
 * transcript with its identity keys, fingerprint, signatures and the signed PDF in base64. A
 * national adapter replaces `serialise` when the format is published; the selection stays.
 */
export interface NationalExportAdapter {
  id: string;
  contentType: string;
  fileName(school: ExportSchool, startYear: number): string;
  serialise(school: ExportSchool, startYear: number, items: AsyncIterable<ExportItem>): AsyncIterable<string>;
}

export type ExportSchool = { id: string; code: string; name: string };
export type ExportItem = {
  transcript: TranscriptRow;
  student: { fullName: string; cccd: string | null; moetCode: string | null; dateOfBirth: string; sex: string };
  pdf: Buffer;
};

/** The sealed, current transcripts of a school year, read one at a time (files read from the file service). */
export async function* sealedTranscripts(q: Queryable, files: FileService, schoolId: string, startYear: number): AsyncIterable<ExportItem> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await q.execute<
      TranscriptRow & { fullName: string; cccd: string | null; moetCode: string | null; dateOfBirth: string; sex: string }
    >(sql`
      SELECT ${transcriptColumns}, s.full_name AS "fullName", s.cccd, s.moet_code AS "moetCode", s.date_of_birth::text AS "dateOfBirth", s.sex
      FROM gradebook.transcripts t JOIN registry.students s ON s.id = t.student_id JOIN registry.school_years y ON y.id = t.school_year_id
      WHERE t.school_id = ${schoolId} AND y.start_year = ${startYear} AND t.status = 'sealed' AND t.id > ${after}
      ORDER BY t.id LIMIT 100`);
    if (rows.length === 0) return;
    for (const r of rows) {
      yield {
        transcript: r,
        student: { fullName: r.fullName, cccd: r.cccd, moetCode: r.moetCode, dateOfBirth: r.dateOfBirth, sex: r.sex },
        pdf: await readTranscriptFile(files, r.file),
      };
    }
    after = rows.at(-1)!.id;
  }
}

export const jsonPackageAdapter: NationalExportAdapter = {
  id: 'gds-json-package-1',
  contentType: 'application/json; charset=utf-8',
  fileName: (school, startYear) => `hoc-ba-${school.code}-${startYear}-${startYear + 1}.json`,
  async *serialise(school, startYear, items) {
    const head = {
      format: 'giaoducso.hocba.package',
      version: 1,
      generatedAt: new Date().toISOString(),
      school,
      schoolYear: `${startYear}-${startYear + 1}`,
    };
    yield `${JSON.stringify(head).slice(0, -1)},"transcripts":[`;
    let first = true;
    let count = 0;
    for await (const { transcript: t, student, pdf } of items) {
      const entry = {
        code: t.code,
        version: t.version,
        reason: t.reason,
        sealedAt: t.sealedAt,
        fingerprintSha256: t.fingerprint,
        signatures: t.signatures.map(({ role, signer, at }) => ({ role, signer, at })),
        student,
        pdf: { contentType: 'application/pdf', base64: pdf.toString('base64') },
      };
      yield `${first ? '' : ','}${JSON.stringify(entry)}`;
      first = false;
      count++;
    }
    yield `],"count":${count}}`;
  },
};
