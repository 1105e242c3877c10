// The one module internal services import to publish events: a typed tRPC client authenticated with
// a service token. Types come from the server's router, so a renamed field fails their build.
//
//   const hookline = createPublisherClient({ url: "https://hookline.internal", serviceToken });
//   await hookline.events.publish.mutate({ tenant_id, type: "invoice.paid", data, idempotency_key });
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "./app-router";

export type PublisherClientOptions = { url: string; serviceToken: string; fetch?: typeof fetch };

export function createPublisherClient(options: PublisherClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.url.replace(/\/$/, "")}/api/trpc`,
        headers: () => ({ authorization: `Bearer ${options.serviceToken}` }),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}
