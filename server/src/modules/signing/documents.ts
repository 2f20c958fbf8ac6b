import type { Queryable } from '../../platform/db/database.ts';
import type { SignatureRole } from './pades/roles.ts';

type Text = { vi: string; en: string };

/**
 * What anyone who holds a signed document may learn of it at the public verification page: enough
 * to check it (who it is about in a few words, who issued and signed it, its state), nothing more.
 */
export interface PublicDocument {
  code: string;
  title: string;
  facts: { label: Text; value: string }[];
  version: number;
  status: 'sealed' | 'superseded';
  /**
   * A newer version exists: issued (its number) or due, because the record the document was made
   * from has changed since it was sealed (`version` null).
   */
  newerVersion: { version: number | null } | null;
  fingerprint: string | null;
  sealedAt: Date | null;
  signatures: { role: SignatureRole; signer: string; at: string }[];
}

/**
 * A kind of document the platform signs (a transcript, a public-service result, a receipt). The
 * owning module registers it once at start; the verification page asks each type in turn for a
 * code or a file's SHA-256 and shows what the owner answers.
 */
export interface DocumentType {
  id: string;
  label: Text;
  findByCode(q: Queryable, code: string): Promise<PublicDocument | undefined>;
  findByFingerprint(q: Queryable, sha256: string): Promise<PublicDocument | undefined>;
}

const types = new Map<string, DocumentType>();

export function registerDocumentType(type: DocumentType): void {
  types.set(type.id, type);
}

export function unregisterDocumentType(id: string): void {
  types.delete(id);
}

export async function findSignedDocument(
  q: Queryable,
  by: { code: string } | { fingerprint: string },
): Promise<{ type: DocumentType; document: PublicDocument } | undefined> {
  for (const type of types.values()) {
    const document = 'code' in by ? await type.findByCode(q, by.code) : await type.findByFingerprint(q, by.fingerprint);
    if (document) return { type, document };
  }
  return undefined;
}
