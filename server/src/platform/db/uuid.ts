import { type SQL, sql } from 'drizzle-orm';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that can exist; anything else can never be reached (and must not reach a uuid cast). */
export const isUuid = (id: string): boolean => uuidPattern.test(id);
export const validUuids = (ids: readonly string[]): string[] => ids.filter(isUuid);

/** The valid ids as one uuid[] parameter (a JS array in `sql` would expand to a list). */
export const uuidArray = (ids: readonly string[]): SQL => sql`${`{${validUuids(ids).join(',')}}`}::uuid[]`;
