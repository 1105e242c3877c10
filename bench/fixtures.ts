// A tenant of its own per scenario (so counts never mix), with endpoints created through the same
// service the API uses (which also stores each endpoint's signing secret), pointing at bench receivers.
import { createEndpoint } from "../server/modules/endpoints/endpoint.service";
import { createEndpointSchema } from "../server/modules/endpoints/endpoint.schemas";
import { createTenantFixture } from "../server/testing/tenant-fixture";
import type { Stack } from "./stack";

/** `apiKey`: the tenant's API key, for scenarios that call the REST route handlers. */
export type BenchTenant = { tenantId: string; apiKey: string; endpointIds: string[] };

/** `eventTypes` defaults to everything (`*`). */
export type EndpointSettings = { maxConcurrency?: number; timeoutMs?: number; eventTypes?: string[] };

/**
 * The throughput and latency scenarios push hundreds of deliveries a second into each endpoint; like a
 * customer expecting that volume, their endpoints allow the API's maximum in flight. At the default
 * cap of 10, one endpoint takes about 10 / (response time + recording, ~40 ms here) deliveries/s.
 */
export const HIGH_VOLUME_ENDPOINT: EndpointSettings = { maxConcurrency: 100 };

/** The product's default deadline (DELIVERY_TIMEOUT_MS), for endpoints that do not set their own. */
const DEFAULT_TIMEOUT_MS = 15_000;

/** `urls[i]` is endpoint i's URL, e.g. "http://127.0.0.1:4321/e2e/3"; every endpoint gets `settings`. */
export async function createBenchTenant(stack: Stack, name: string, urls: string[], settings: EndpointSettings = {}): Promise<BenchTenant> {
  const { tenantId, apiKey } = await createTenantFixture(stack.db, name);
  const endpointIds: string[] = [];
  for (const url of urls) endpointIds.push(await addBenchEndpoint(stack, tenantId, url, settings));
  return { tenantId, apiKey, endpointIds };
}

/** One more endpoint for the tenant; returns its id. */
export async function addBenchEndpoint(stack: Stack, tenantId: string, url: string, settings: EndpointSettings = {}): Promise<string> {
  const input = createEndpointSchema.parse({
    url,
    event_types: settings.eventTypes ?? ["*"],
    max_concurrency: settings.maxConcurrency ?? 10,
    timeout_ms: settings.timeoutMs,
  });
  const endpoint = await createEndpoint(stack.db, tenantId, input, { allowPrivateTargets: true, defaultTimeoutMs: DEFAULT_TIMEOUT_MS });
  return endpoint.id;
}

/** `count` endpoint URLs on one origin: `${origin}${prefix}/0`, `/1`, … */
export const urlsOn = (origin: string, prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${origin}${prefix}/${i}`);
