import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import type { DocumentType, PublicDocument } from '../signing/public.ts';
import { type TranscriptRow, transcriptColumns } from './commands/transcripts.ts';

type PublicRow = TranscriptRow & {
  studentName: string;
  schoolName: string;
  className: string;
  startYear: number;
  supersededByVersion: number | null;
};

/** Sealed and superseded transcripts only: one being signed is nobody's to verify yet. */
async function publicTranscript(q: Queryable, where: SQL): Promise<PublicRow | undefined> {
  const { rows } = await q.execute<PublicRow>(sql`
    SELECT ${transcriptColumns}, s.full_name AS "studentName", u.name AS "schoolName", c.name AS "className", y.start_year AS "startYear",
      (SELECT n.version FROM gradebook.transcripts n WHERE n.id = t.superseded_by) AS "supersededByVersion"
    FROM gradebook.transcripts t JOIN registry.students s ON s.id = t.student_id JOIN org.units u ON u.id = t.school_id
    JOIN registry.classes c ON c.id = t.class_id JOIN registry.school_years y ON y.id = t.school_year_id
    WHERE ${where} AND t.status IN ('sealed', 'superseded') LIMIT 1`);
  return rows[0];
}

/** What anyone may learn of a transcript: name, school, year, class, state, who signed; no scores, no identifiers. */
const present = (t: PublicRow): PublicDocument => ({
  code: t.code,
  title: t.studentName,
  facts: [
    { label: { vi: 'Học sinh', en: 'Student' }, value: t.studentName },
    { label: { vi: 'Trường', en: 'School' }, value: t.schoolName },
    { label: { vi: 'Năm học', en: 'School year' }, value: `${t.startYear}-${t.startYear + 1}` },
    { label: { vi: 'Lớp', en: 'Class' }, value: t.className },
  ],
  version: t.version,
  status: t.status === 'superseded' ? 'superseded' : 'sealed',
  // superseded: the newer version is issued; stale: a correction since sealing makes one due
  newerVersion: t.status === 'superseded' ? { version: t.supersededByVersion } : t.staleSince ? { version: null } : null,
  fingerprint: t.fingerprint,
  sealedAt: t.sealedAt,
  signatures: t.signatures.map(({ role, signer, at }) => ({ role, signer, at })),
});

/** The grade book's transcripts (học bạ số) at the public verification page of the signing service. */
export const transcriptDocumentType: DocumentType = {
  id: 'gradebook.transcript',
  label: { vi: 'Học bạ số', en: 'Digital transcript (học bạ)' },
  async findByCode(q, code) {
    const t = await publicTranscript(q, sql`t.code = ${code}`);
    return t && present(t);
  },
  async findByFingerprint(q, sha256) {
    const t = await publicTranscript(q, sql`t.fingerprint = ${sha256}`);
    return t && present(t);
  },
};
