// A tenant of its own per scenario (so counts never mix), with endpoints created through the same
// service the API uses, all pointing at paths on the bench receiver.
import { createEndpoint } from "../server/modules/endpoints/endpoint.service";
import { createEndpointSchema } from "../server/modules/endpoints/endpoint.schemas";
import { createTenantFixture } from "../server/testing/tenant-fixture";
import type { Stack } from "./stack";

export type BenchTenant = { tenantId: string; endpointIds: string[] };

/** `paths[i]` is endpoint i's path on the receiver, e.g. "/e2e/3". */
export async function createBenchTenant(stack: Stack, name: string, paths: string[], maxConcurrency = 10): Promise<BenchTenant> {
  const { tenantId } = await createTenantFixture(stack.db, name);
  const endpointIds: string[] = [];
  for (const path of paths) {
    const input = createEndpointSchema.parse({ url: `${stack.receiver.url}${path}`, event_types: ["*"], max_concurrency: maxConcurrency });
    const endpoint = await createEndpoint(stack.db, tenantId, input, { allowPrivateTargets: true, defaultTimeoutMs: 15_000 });
    endpointIds.push(endpoint.id);
  }
  return { tenantId, endpointIds };
}
