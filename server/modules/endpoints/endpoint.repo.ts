import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";

export function endpointsRepo(db: DbClient) {
  return {
    insertWithSecret: (tenantId: string, endpoint: Omit<Prisma.EndpointUncheckedCreateInput, "tenantId">, secret: { id: string; secret: string }) =>
      db.endpoint.create({ data: { ...endpoint, tenantId, secrets: { create: { ...secret } } } }),
    find: (tenantId: string, id: string) => db.endpoint.findUnique({ where: { tenantId_id: { tenantId, id } } }),
    list: (tenantId: string, page: { limit: number; cursor?: string }) =>
      db.endpoint.findMany({
        where: { tenantId, ...(page.cursor ? { id: { lt: page.cursor } } : {}) },
        orderBy: { id: "desc" },
        take: page.limit + 1,
      }),
    delete: async (tenantId: string, id: string) => (await db.endpoint.deleteMany({ where: { tenantId, id } })).count > 0,
  };
}
