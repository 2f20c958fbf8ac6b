import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type ChainAnchorHead, type ChainReport, type HashChain, verifyChains } from './audit-chain.ts';
import type { Database } from './db/database.ts';

/**
 * The daily anchor of the hash chains: the head of every stream, with the result of a full
 * check, signed with an Ed25519 key and written under DATA_DIR — outside the database, so that a
 * role able to rewrite a stream and its head consistently is still caught against the last
 * anchor. No timestamp authority is reachable here: the signing time is the server's clock.
 *
 * The key is this platform's own (DATA_DIR/keys/audit-anchor-ed25519.pem, created on first use,
 * readable by the server's user only); the transcript signing of the grade book is a module's,
 * with its own certificates, and not meant for this. The e-mail to the administrators carries the
 * key's fingerprint and the heads' digest, so a replaced key or a rewritten file shows in their
 * mailbox too.
 */
export const ANCHOR_FORMAT = 'giao-duc-so/audit-anchor/1';

export interface AnchorDocument {
  format: typeof ANCHOR_FORMAT;
  createdAt: string;
  /** SHA-256 over the heads, one line each `chain stream seq hash`, sorted. */
  headsDigest: string;
  heads: ChainAnchorHead[];
  verification: Pick<ChainReport, 'ok' | 'checkedAt' | 'chains'> & { problems: number };
  /** SHA-256 of the public key (SPKI DER) the document is signed with. */
  keyFingerprint: string;
  /** Ed25519 over the JSON of every other field, in this order. */
  signature: string;
}

export const anchorDir = (dataDir: string) => path.join(dataDir, 'audit-anchors');
const keyDir = (dataDir: string) => path.join(dataDir, 'keys');
const privateKeyFile = (dataDir: string) => path.join(keyDir(dataDir), 'audit-anchor-ed25519.pem');
const publicKeyFile = (dataDir: string) => path.join(keyDir(dataDir), 'audit-anchor-ed25519.pub.pem');
const lastCheckFile = (dataDir: string) => path.join(anchorDir(dataDir), 'last-check.json');

function writeAtomically(file: string, text: string, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}

/** The anchor key pair under DATA_DIR/keys, made on first use (private key mode 0600). */
export function anchorKeys(dataDir: string): { privateKey: KeyObject; publicKey: KeyObject; fingerprint: string } {
  if (!fs.existsSync(privateKeyFile(dataDir))) {
    const pair = generateKeyPairSync('ed25519');
    fs.mkdirSync(keyDir(dataDir), { recursive: true, mode: 0o700 });
    writeAtomically(privateKeyFile(dataDir), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
    writeAtomically(publicKeyFile(dataDir), pair.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  }
  const privateKey = createPrivateKey(fs.readFileSync(privateKeyFile(dataDir)));
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, fingerprint: fingerprintOf(publicKey) };
}

const fingerprintOf = (key: KeyObject) =>
  createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');

export function headsDigest(heads: readonly ChainAnchorHead[]): string {
  const lines = heads.map((h) => `${h.chain} ${h.stream} ${h.seq} ${h.hash}`).sort();
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
}

const signedPart = (d: Omit<AnchorDocument, 'signature'>) =>
  JSON.stringify({
    format: d.format,
    createdAt: d.createdAt,
    headsDigest: d.headsDigest,
    heads: d.heads,
    verification: d.verification,
    keyFingerprint: d.keyFingerprint,
  });

/** The newest anchor file under DATA_DIR, if any, with whether its signature and digest hold. */
export function latestAnchor(dataDir: string): { file: string; document: AnchorDocument; valid: boolean } | undefined {
  const dir = anchorDir(dataDir);
  if (!fs.existsSync(dir)) return undefined;
  const names = fs
    .readdirSync(dir)
    .filter((n) => /^anchor-.*\.json$/.test(n))
    .sort();
  const name = names.at(-1);
  if (!name) return undefined;
  const file = path.join(dir, name);
  const document = JSON.parse(fs.readFileSync(file, 'utf8')) as AnchorDocument;
  let valid = false;
  try {
    const publicKey = createPublicKey(fs.readFileSync(publicKeyFile(dataDir)));
    valid =
      document.format === ANCHOR_FORMAT &&
      document.keyFingerprint === fingerprintOf(publicKey) &&
      document.headsDigest === headsDigest(document.heads) &&
      verify(null, Buffer.from(signedPart(document), 'utf8'), publicKey, Buffer.from(document.signature, 'base64'));
  } catch {
    valid = false;
  }
  return { file, document, valid };
}

export interface ChainCheck extends ChainReport {
  /** The anchor the heads were compared with, and whether its signature held. */
  anchor: { file: string; createdAt: string; valid: boolean } | null;
}

/**
 * A full check against the newest anchor, kept in DATA_DIR/audit-anchors/last-check.json for the
 * status page. A broken anchor signature is a failed check.
 */
export async function checkChains(
  database: Database,
  chains: readonly HashChain[],
  dataDir: string,
  now = new Date(),
): Promise<ChainCheck> {
  const anchor = latestAnchor(dataDir);
  const report = await verifyChains(database, chains, { anchor: anchor?.valid ? anchor.document.heads : undefined, now });
  const check: ChainCheck = {
    ...report,
    ok: report.ok && (anchor?.valid ?? true),
    anchor: anchor ? { file: path.basename(anchor.file), createdAt: anchor.document.createdAt, valid: anchor.valid } : null,
  };
  writeAtomically(lastCheckFile(dataDir), `${JSON.stringify(check, null, 2)}\n`);
  return check;
}

/** When the last check was written (file time), 0 if never: lets a reader cache its parse. */
export function lastCheckStamp(dataDir: string): number {
  try {
    return fs.statSync(lastCheckFile(dataDir)).mtimeMs;
  } catch {
    return 0;
  }
}

export function lastCheck(dataDir: string): ChainCheck | undefined {
  try {
    return JSON.parse(fs.readFileSync(lastCheckFile(dataDir), 'utf8')) as ChainCheck;
  } catch {
    return undefined;
  }
}

/**
 * Checks the chains, then signs the heads as they are now into
 * DATA_DIR/audit-anchors/anchor-<UTC time>.json. Returns the document and its file.
 */
export async function writeAnchor(
  database: Database,
  chains: readonly HashChain[],
  dataDir: string,
  now = new Date(),
): Promise<{ file: string; document: AnchorDocument; check: ChainCheck }> {
  const check = await checkChains(database, chains, dataDir, now);
  const names = chains.map((c) => c.chain);
  const heads = (
    await database.query<{ chain: string; stream: string; seq: string; hash: string }>(
      'SELECT chain, stream, seq::text AS seq, hash FROM platform.chain_heads WHERE chain = ANY($1) ORDER BY chain, stream',
      [names],
    )
  ).map((h) => ({ chain: h.chain, stream: h.stream, seq: Number(h.seq), hash: h.hash }));
  const keys = anchorKeys(dataDir);
  const unsigned: Omit<AnchorDocument, 'signature'> = {
    format: ANCHOR_FORMAT,
    createdAt: now.toISOString(),
    headsDigest: headsDigest(heads),
    heads,
    verification: {
      ok: check.ok,
      checkedAt: check.checkedAt,
      chains: check.chains,
      problems: check.chains.reduce((n, c) => n + c.problems, 0),
    },
    keyFingerprint: keys.fingerprint,
  };
  const document: AnchorDocument = {
    ...unsigned,
    signature: sign(null, Buffer.from(signedPart(unsigned), 'utf8'), keys.privateKey).toString('base64'),
  };
  const file = path.join(anchorDir(dataDir), `anchor-${document.createdAt.replace(/[:.]/g, '-')}.json`);
  writeAtomically(file, `${JSON.stringify(document, null, 2)}\n`);
  return { file, document, check };
}
