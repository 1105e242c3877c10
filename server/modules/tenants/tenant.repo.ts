import type { DbClient } from "../../db/client";

export function tenantsRepo(db: DbClient) {
  return {
    insert: (tenantId: string, name: string) => db.tenant.create({ data: { id: tenantId, name } }),
    find: (tenantId: string) => db.tenant.findUnique({ where: { id: tenantId } }),
  };
}
