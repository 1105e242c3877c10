// Service tokens authenticate internal publishers; platform-level, shown once, stored hashed.
import type { DbClient } from "../../db/client";
import { newId } from "../../lib/ids";
import { hashToken, issueToken } from "../../lib/tokens";

export async function createServiceToken(db: DbClient, input: { name: string }) {
  const issued = issueToken("serviceToken");
  const row = await db.serviceToken.create({
    data: { id: newId("stk"), name: input.name, prefix: issued.prefix, tokenHash: issued.hash },
  });
  return { id: row.id, token: issued.token };
}

export function findActiveServiceToken(db: DbClient, token: string) {
  return db.serviceToken.findFirst({ where: { tokenHash: hashToken(token), revokedAt: null } });
}
