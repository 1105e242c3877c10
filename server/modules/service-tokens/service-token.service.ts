// Service tokens authenticate internal publishers; platform-level, shown once, stored hashed.
import type { DbClient } from "../../db/client";
import { newId } from "../../lib/ids";
import { hashToken, issueToken } from "../../lib/tokens";
import { serviceTokensRepo } from "./service-token.repo";
import type { CreatedServiceToken } from "./service-token.schemas";

export async function createServiceToken(db: DbClient, input: { name: string }): Promise<CreatedServiceToken> {
  const issued = issueToken("serviceToken");
  const row = await serviceTokensRepo(db).insert({ id: newId("stk"), name: input.name, prefix: issued.prefix, tokenHash: issued.hash });
  return { id: row.id, token: issued.token };
}

export function findActiveServiceToken(db: DbClient, token: string) {
  return serviceTokensRepo(db).findActiveByHash(hashToken(token));
}
