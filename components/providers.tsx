"use client";
// One QueryClient and tRPC client per browser tab. Client errors (4xx) are not retried: they will not
// change by asking again; network and 5xx errors are, twice. Every request names the tenant this tab
// shows, so switching tenant in another tab (a shared cookie) never redirects this tab's writes.
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { AppRouter } from "../server/trpc/app-router";
import { TRPCProvider } from "./trpc";
import { httpStatusOf } from "./ui/errors";

function retryServerErrors(failures: number, error: unknown): boolean {
  const status = httpStatusOf(error);
  return failures < 2 && (status === undefined || status >= 500);
}

/** An expired or revoked session: stop polling and sign in again, coming back to this page. */
function signInAgainOn401(queryClient: () => QueryClient) {
  return (error: unknown) => {
    if (httpStatusOf(error) !== 401) return;
    queryClient().clear();
    const here = `${window.location.pathname}${window.location.search}`;
    window.location.assign(`/signin?error=SessionRequired&callbackUrl=${encodeURIComponent(here)}`);
  };
}

type TenantScope = { header: string; tenantId: string | null };

export function Providers({ tenant, children }: { tenant: TenantScope; children: ReactNode }) {
  const tenantRef = useRef(tenant);
  useEffect(() => {
    tenantRef.current = tenant;
  }, [tenant]);
  const [queryClient] = useState(() => {
    const onError = signInAgainOn401(() => client);
    const client: QueryClient = new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: { queries: { staleTime: 5_000, retry: retryServerErrors, refetchOnWindowFocus: true } },
    });
    return client;
  });
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: "/api/trpc",
          maxItems: 10,
          headers: () => {
            const { header, tenantId } = tenantRef.current;
            return tenantId ? { [header]: tenantId } : {};
          },
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
