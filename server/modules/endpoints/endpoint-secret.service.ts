// Signing secrets: `whsec_` + 32 random bytes. Rotation adds a new secret and lets the previous ones
// keep signing until the overlap ends, so receivers can switch without dropping a delivery (the worker
// signs with every unexpired secret, newest first: one `v1,` signature each).
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { secretFromBytes } from "../../delivery/signature";
import { notFound } from "../../errors";
import { newId } from "../../lib/ids";
import { endpointSecretsRepo } from "./endpoint-secret.repo";
import { endpointsRepo } from "./endpoint.repo";
import { type RotateSecretInput, toRotatedSecret } from "./endpoint.schemas";

/**
 * At most this many secrets sign at once. Each one adds a signature (and an HMAC) to every request,
 * and a script rotating in a loop with long overlaps would otherwise pile up secrets that all stay
 * valid for days; past the cap the oldest stop signing at once.
 */
export const MAX_VALID_SECRETS = 5;

export function newSigningSecret(): string {
  return secretFromBytes(randomBytes(32));
}

/**
 * One transaction under the endpoint's row lock (concurrent rotations run one after the other):
 * every secret still signing expires at now + overlap at the latest, then the new one is stored.
 */
export async function rotateEndpointSecret(db: Db, tenantId: string, endpointId: string, input: RotateSecretInput) {
  return db.$transaction(async (tx) => {
    if (!(await endpointsRepo(tx).lock(tenantId, endpointId))) throw notFound("endpoint", endpointId);
    const secrets = endpointSecretsRepo(tx);
    const now = await secrets.clock();
    const previousExpiresAt = new Date(now.getTime() + input.overlap_seconds * 1000);
    await secrets.deleteExpired(tenantId, endpointId, now);
    await secrets.retireValid(tenantId, endpointId, { now, expiresAt: previousExpiresAt, keepNewest: MAX_VALID_SECRETS - 1 });
    const secret = newSigningSecret();
    await secrets.insert(tenantId, { id: newId("sec"), endpointId, secret, createdAt: now });
    return toRotatedSecret(secret, previousExpiresAt);
  });
}
