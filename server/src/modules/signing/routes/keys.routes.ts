import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditActorOf, recordAudit } from '../../../platform/audit.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { isUuid } from '../../../platform/db/uuid.ts';
import { AppError, forbidden } from '../../../platform/errors.ts';
import { actorOf, holdsAnywhere, inScope, pathInScope, scopeOf } from '../../identity/public.ts';
import { findUnit } from '../../org/public.ts';
import { activeKey, type KeyOwner, storeSigningKey } from '../keys.ts';
import { errors, keysSchema, storedKeySchema, storeKeyBody, tags } from './signing.schemas.ts';

const PERSONAL = 'signing.key.personal';
const SEAL = 'signing.seal.manage';

const keyView = (k: Awaited<ReturnType<typeof activeKey>>) =>
  k ? { subject: k.subject, issuer: k.issuer, notAfter: new Date(k.notAfter).toISOString(), test: k.test } : null;

/** The unit of a seal: one the caller may install seals for. Unknown, closed and out of scope answer alike (issue 14 §8). */
const unitNotFound = () => new AppError('signing.unitNotFound', 404, {}, [{ path: 'body.unitId', code: 'signing.unitNotFound' }]);

/**
 * Signing certificates (chứng thư số): a person's own, and the seals of the units a caller
 * administers — schools, communes and the department alike. The PKCS#12 is sealed under the
 * holder's passphrase and opened only for a signature.
 */
export async function keyRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.platform.database.db;
  const write = async <T>(work: (tx: Tx) => Promise<T>) => db.transaction(async (tx) => work(tx as unknown as Tx));
  const holders = { anyPermission: [PERSONAL, SEAL], authenticated: true } as const;

  r.get(
    '/keys/mine',
    {
      config: holders,
      schema: {
        tags,
        summary: 'The caller’s signing certificate and the seal certificates of the units they install seals for',
        response: { 200: keysSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const seal = await scopeOf(db, actor, SEAL);
      const { rows: units } = await db.execute<{ id: string; name: string; type: string }>(sql`
        SELECT id, name, type FROM org.units WHERE status = 'active' AND type IN ('department', 'commune', 'school') AND ${inScope(sql`path`, seal)}
        ORDER BY length(path), name LIMIT 50`);
      return {
        personal: keyView(await activeKey(db, { kind: 'personal', userId: actor.userId })),
        seals: await Promise.all(
          units.map(async (u) => ({
            unitId: u.id,
            unitName: u.name,
            unitType: u.type,
            key: keyView(await activeKey(db, { kind: 'seal', unitId: u.id })),
          })),
        ),
      };
    },
  );

  r.post(
    '/keys',
    {
      config: holders,
      schema: {
        tags,
        summary: 'Store a signing certificate (PKCS#12): the caller’s own, or the seal of a unit (school, commune, department)',
        body: storeKeyBody,
        response: { 201: storedKeySchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { kind, unitId, p12Base64, passphrase } = request.body;
      const key = await write(async (tx) => {
        let owner: KeyOwner;
        if (kind === 'seal') {
          const unit = unitId && isUuid(unitId) ? await findUnit(tx, unitId) : undefined;
          if (unit?.status !== 'active' || !pathInScope(unit.path, await scopeOf(tx, actor, SEAL))) throw unitNotFound();
          owner = { kind, unitId: unit.id };
        } else {
          if (!(await holdsAnywhere(tx, actor, PERSONAL))) throw forbidden();
          owner = { kind, userId: actor.userId };
        }
        const stored = await storeSigningKey(tx, owner, Buffer.from(p12Base64, 'base64'), passphrase, actor.userId);
        await recordAudit(tx, auditActorOf(request), {
          action: 'signing.key.store',
          entityType: 'signing.signing_key',
          entityId: stored.id,
          orgUnitId: owner.kind === 'seal' ? owner.unitId : null,
          after: { kind, subject: stored.subject, issuer: stored.issuer, notAfter: stored.notAfter },
        });
        return stored;
      });
      return reply.status(201).send(keyView(key)!);
    },
  );
}
