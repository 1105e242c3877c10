import type { DbClient } from "../../db/client";

export function endpointSecretsRepo(db: DbClient) {
  return {
    /** The database's clock now (not the transaction's start: rotations wait for each other's locks). */
    clock: async () => (await db.$queryRaw<{ now: Date }[]>`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`)[0]!.now,
    /** Secrets that stopped signing are of no further use. */
    deleteExpired: (tenantId: string, endpointId: string, now: Date) =>
      db.endpointSecret.deleteMany({ where: { tenantId, endpointId, expiresAt: { lte: now } } }),
    /**
     * Every secret still signing stops at `expiresAt` at the latest (one already retiring earlier keeps
     * its earlier time); beyond the newest `keepNewest`, at `now`.
     */
    retireValid: (tenantId: string, endpointId: string, retire: { now: Date; expiresAt: Date; keepNewest: number }) =>
      db.$executeRaw`
        UPDATE endpoint_secrets s
           SET expires_at = CASE WHEN v.rank > ${retire.keepNewest} THEN ${retire.now} ELSE LEAST(s.expires_at, ${retire.expiresAt}) END
          FROM (SELECT id, row_number() OVER (ORDER BY created_at DESC, id DESC) AS rank
                  FROM endpoint_secrets
                 WHERE tenant_id = ${tenantId} AND endpoint_id = ${endpointId} AND (expires_at IS NULL OR expires_at > ${retire.now})) v
         WHERE s.tenant_id = ${tenantId} AND s.id = v.id`,
    insert: (tenantId: string, secret: { id: string; endpointId: string; secret: string; createdAt: Date }) =>
      db.endpointSecret.create({ data: { tenantId, ...secret } }),
  };
}
