"use client";
// The tenant's endpoints for a replay form's picker and for naming a replay's endpoint by its URL.
import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "../../server/trpc/app-router";
import { useTRPC } from "../trpc";

export type EndpointOption = RouterOutputs["endpoints"]["list"]["data"][number];

export function useEndpointOptions() {
  const trpc = useTRPC();
  // 100 is the API's page cap; a tenant with more sees the newest 100 here (ids still show for the rest).
  return useQuery(trpc.endpoints.list.queryOptions({ limit: 100 }, { staleTime: 30_000 }));
}

export function endpointLabel(endpoints: EndpointOption[] | undefined, id: string): string {
  const endpoint = endpoints?.find((candidate) => candidate.id === id);
  return endpoint ? endpoint.description || endpoint.url : id;
}
