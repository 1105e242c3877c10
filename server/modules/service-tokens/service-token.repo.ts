import type { DbClient } from "../../db/client";

export type NewServiceToken = { id: string; name: string; prefix: string; tokenHash: string };

export function serviceTokensRepo(db: DbClient) {
  return {
    insert: (token: NewServiceToken) => db.serviceToken.create({ data: token }),
    findActiveByHash: (tokenHash: string) => db.serviceToken.findFirst({ where: { tokenHash, revokedAt: null } }),
  };
}
