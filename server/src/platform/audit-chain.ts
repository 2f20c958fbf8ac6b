import { createHash } from 'node:crypto';
import type { Database } from './db/database.ts';

/**
 * Tamper evidence of the append-only histories (issue 14, item 10). A BEFORE INSERT trigger
 * (migrations 0025, 0026) gives every entry its place in a stream and a SHA-256 hash over the
 * previous entry's hash, its place, its stream and its fields; `platform.chain_heads` keeps the
 * last link of every stream. This file recomputes the same hashes in JavaScript, so a check never
 * trusts a function stored in the database that an owner of it could have replaced.
 *
 * What it catches: an entry changed, removed or slipped in with the triggers disabled (or under
 * `session_replication_role = replica`), and a stream cut short. A role that owns the tables can
 * still rewrite a whole stream and its head consistently; the signed heads written outside the
 * database every day (audit-anchor.ts) catch that for everything up to the last anchor.
 */
export interface HashChain {
  /** Name of the chain in platform.chain_heads ('audit', 'marks'). */
  chain: string;
  /** Schema-qualified table. */
  table: string;
  /** The column that names the stream (text or uuid) and the one that identifies a row. */
  streamColumn: string;
  idColumn: string;
  /**
   * SQL expressions giving each hashed field as text, in the order the trigger's payload function
   * hashes them. Times go through `timeField` so their text does not depend on the session.
   */
  fields: readonly string[];
}

/** The SQL expression for a timestamptz column as the trigger hashes it (platform.chain_time). */
export const timeField = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The platform's own chain: the audit trail, one stream per organisation unit (else per actor). */
export const auditChain: HashChain = {
  chain: 'audit',
  table: 'platform.audit_events',
  streamColumn: 'chain_stream',
  idColumn: 'id',
  fields: [
    'id::text',
    timeField('occurred_at'),
    'actor_user_id::text',
    'actor_label',
    'ip',
    'user_agent',
    'request_id',
    'action',
    'entity_type',
    'entity_id',
    'org_unit_id::text',
    'before::text',
    'after::text',
    'reason',
    'bulk::text',
  ],
};

/** One field: its UTF-8 length and text, or '~' for NULL (platform.chain_field). */
export function chainField(value: string | null): string {
  return value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

/** The hash of one entry from the previous one's (platform.chain_link); '' before the first. */
export function chainLink(prev: string, seq: number, stream: string, fields: readonly (string | null)[]): string {
  const payload = fields.map(chainField).join('|');
  return createHash('sha256')
    .update(`${prev}|${seq}|${chainField(stream)}|${payload}`, 'utf8')
    .digest('hex');
}

export type ChainProblemKind =
  /** The entry's fields or hash were changed after it was written. */
  | 'hash'
  /** Positions are missing or repeated: entries were removed, or added outside the trigger. */
  | 'sequence'
  /** An entry without its chain columns (written with the trigger off and the columns emptied). */
  | 'unchained'
  /** The stream ends before or after its head says: its last entries were removed, or the head rewritten. */
  | 'head'
  /** The entry at a position the last signed anchor recorded has another hash, or is gone. */
  | 'anchor';

export interface ChainProblem {
  chain: string;
  stream: string;
  kind: ChainProblemKind;
  seq?: number;
  id?: string;
}

export interface ChainAnchorHead {
  chain: string;
  stream: string;
  seq: number;
  hash: string;
}

export interface ChainReport {
  ok: boolean;
  checkedAt: string;
  chains: { chain: string; streams: number; entries: number; problems: number }[];
  /** The first problems found (at most `maxListed`); `chains[].problems` counts them all. */
  problems: ChainProblem[];
}

const BATCH = 5000;

interface Row {
  stream: string;
  seq: string | null;
  hash: string | null;
  id: string;
  [field: `f${number}`]: string | null;
}

/**
 * Walks every stream of every chain in order and checks each link, the heads, and the heads of
 * the last signed anchor when given. Reads in batches along the (stream, position) index.
 */
export async function verifyChains(
  database: Database,
  chains: readonly HashChain[],
  options: { anchor?: readonly ChainAnchorHead[]; maxListed?: number; now?: Date } = {},
): Promise<ChainReport> {
  const maxListed = options.maxListed ?? 100;
  const problems: ChainProblem[] = [];
  const summary: ChainReport['chains'] = [];
  let total = 0;
  const report = (p: ChainProblem) => {
    total++;
    if (problems.length < maxListed) problems.push(p);
  };
  for (const c of chains) {
    const before = total;
    const heads = new Map(
      (
        await database.query<{ stream: string; seq: string; hash: string }>(
          'SELECT stream, seq::text AS seq, hash FROM platform.chain_heads WHERE chain = $1',
          [c.chain],
        )
      ).map((h) => [h.stream, { seq: Number(h.seq), hash: h.hash }]),
    );
    const anchored = new Map((options.anchor ?? []).filter((a) => a.chain === c.chain).map((a) => [a.stream, a]));
    const seen = new Set<string>();
    let entries = 0;
    const unchained = await database.query<{ stream: string; id: string }>(
      `SELECT ${c.streamColumn}::text AS stream, ${c.idColumn}::text AS id FROM ${c.table} WHERE chain_seq IS NULL OR chain_hash IS NULL LIMIT ${maxListed}`,
    );
    for (const u of unchained) report({ chain: c.chain, stream: u.stream ?? '', kind: 'unchained', id: u.id });

    let current: { stream: string; seq: number; hash: string } | undefined;
    const endStream = () => {
      if (!current) return;
      const head = heads.get(current.stream);
      if (!head || head.seq !== current.seq || head.hash !== current.hash) {
        report({ chain: c.chain, stream: current.stream, kind: 'head', seq: current.seq });
      }
      const anchor = anchored.get(current.stream);
      if (anchor && current.seq < anchor.seq) report({ chain: c.chain, stream: current.stream, kind: 'anchor', seq: anchor.seq });
    };
    const select = `SELECT ${c.streamColumn}::text AS stream, chain_seq::text AS seq, chain_hash AS hash, ${c.idColumn}::text AS id, ${c.fields
      .map((f, i) => `${f} AS f${i}`)
      .join(', ')} FROM ${c.table}`;
    let after: [string, string] | undefined;
    for (;;) {
      const rows = await database.query<Row>(
        `${select} WHERE chain_seq IS NOT NULL${after ? ` AND (${c.streamColumn}, chain_seq) > ($1, $2::bigint)` : ''}
         ORDER BY ${c.streamColumn}, chain_seq LIMIT ${BATCH}`,
        after ?? [],
      );
      for (const r of rows) {
        entries++;
        const seq = Number(r.seq);
        if (current?.stream !== r.stream) {
          endStream();
          seen.add(r.stream);
          current = { stream: r.stream, seq: 0, hash: '' };
        }
        if (seq !== current.seq + 1) report({ chain: c.chain, stream: r.stream, kind: 'sequence', seq, id: r.id });
        const fields = c.fields.map((_, i) => r[`f${i}`] ?? null);
        if (r.hash !== chainLink(current.hash, seq, r.stream, fields)) {
          report({ chain: c.chain, stream: r.stream, kind: 'hash', seq, id: r.id });
        }
        const anchor = anchored.get(r.stream);
        if (anchor && anchor.seq === seq && anchor.hash !== r.hash)
          report({ chain: c.chain, stream: r.stream, kind: 'anchor', seq, id: r.id });
        // The next link is checked against the stored hash, so one changed entry is reported once.
        current = { stream: r.stream, seq, hash: r.hash ?? '' };
      }
      if (rows.length < BATCH) break;
      const last = rows.at(-1)!;
      after = [last.stream, last.seq!];
    }
    endStream();
    for (const [stream, head] of heads) if (!seen.has(stream)) report({ chain: c.chain, stream, kind: 'head', seq: head.seq });
    for (const [stream, a] of anchored) if (!seen.has(stream)) report({ chain: c.chain, stream, kind: 'anchor', seq: a.seq });
    summary.push({ chain: c.chain, streams: seen.size, entries, problems: total - before });
  }
  return { ok: total === 0, checkedAt: (options.now ?? new Date()).toISOString(), chains: summary, problems };
}
