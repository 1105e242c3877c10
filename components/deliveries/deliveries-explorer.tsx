"use client";
// The deliveries explorer: filters in the URL, a live page of deliveries (every 5 s), cursor paging,
// and bulk replay of the selected ones.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Button, LinkButton } from "../ui/button";
import { PageHeader } from "../ui/card";
import { Pager, useCursorPager } from "../ui/pager";
import { EmptyState, ErrorState, LoadingState, Notice } from "../ui/states";
import { useOnKeyChange, useUrlParams } from "../ui/url-params";
import { BulkReplay } from "./bulk-replay";
import { DeliveriesTable } from "./deliveries-table";
import { DeliveryFilterBar } from "./delivery-filter-bar";
import { deliveriesListInput, hasDeliveryFilters, readDeliveryFilters, replayMatchingHref, type Delivery, type DeliveryFilters } from "./delivery-filters";

/** Selected deliveries by id; kept across pages, refreshed with the latest rows shown. */
function useSelection(rows: Delivery[]) {
  const [selected, setSelected] = useState(new Map<string, Delivery>());
  const latest = new Map(rows.map((row) => [row.id, row]));
  const current = [...selected.values()].map((delivery) => latest.get(delivery.id) ?? delivery);
  function select(deliveries: Delivery[], on: boolean) {
    setSelected((previous) => {
      const next = new Map(previous);
      for (const delivery of deliveries) {
        if (on) next.set(delivery.id, delivery);
        else next.delete(delivery.id);
      }
      return next;
    });
  }
  return { ids: new Set(selected.keys()), current, select, clear: () => setSelected(new Map()) };
}

export function DeliveriesExplorer() {
  const trpc = useTRPC();
  const [params, setParams] = useUrlParams();
  const filters = readDeliveryFilters(params);
  const pager = useCursorPager();
  useOnKeyChange(params.toString(), pager.first); // new filters start at the newest page
  const now = Date.now();
  const { input, problem, errors } = deliveriesListInput(filters, now, pager.cursor);
  const invalid = Object.keys(errors).length > 0; // hand-edited URL: the API would answer 422
  const endpoints = useQuery(trpc.endpoints.list.queryOptions({ limit: 100 }));
  const list = useQuery(trpc.deliveries.list.queryOptions(input, { enabled: !problem && !invalid, refetchInterval: 5_000, placeholderData: keepPreviousData }));
  const rows = list.data?.data ?? [];
  const selection = useSelection(rows);
  const endpointUrls = new Map((endpoints.data?.data ?? []).map((endpoint) => [endpoint.id, endpoint.url]));
  const replayHref = replayMatchingHref(filters, now);

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Every attempt to deliver an event to an endpoint. Filter, open one for its attempt timeline, or replay a selection."
        actions={
          replayHref ? (
            <LinkButton variant="secondary" href={replayHref} prefetch={false}>
              Replay matching…
            </LinkButton>
          ) : null
        }
      />
      <DeliveryFilterBar filters={filters} errors={errors} endpoints={endpoints.data?.data ?? []} onChange={setParams} />
      <BulkReplay selected={selection.current} endpointUrls={endpointUrls} onStarted={selection.clear} />
      {problem ? (
        <Notice tone="error">{problem}</Notice>
      ) : invalid ? (
        <Notice tone="error">Correct the filters marked above to see deliveries.</Notice>
      ) : list.isPending ? (
        <LoadingState label="Loading deliveries…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <NoDeliveries filters={filters} onClear={() => setParams(null)} />
      ) : (
        <>
          <DeliveriesTable deliveries={rows} endpointUrls={endpointUrls} selected={selection.ids} onSelect={selection.select} />
          <Pager pager={pager} nextCursor={list.data?.next_cursor} />
        </>
      )}
    </>
  );
}

function NoDeliveries({ filters, onClear }: { filters: DeliveryFilters; onClear: () => void }) {
  if (!hasDeliveryFilters(filters))
    return (
      <EmptyState title="No deliveries yet" action={<LinkButton href="/endpoints">Go to endpoints</LinkButton>}>
        Deliveries appear when an event is published for a type one of your endpoints subscribes to. Add an endpoint, or send it a test event from its page.
      </EmptyState>
    );
  return (
    <EmptyState
      title="No deliveries match these filters"
      action={
        <Button variant="secondary" onClick={onClear}>
          Show all deliveries
        </Button>
      }
    >
      Try more statuses, a wildcard event type such as <code>invoice.*</code>, another endpoint, or a longer time range.
    </EmptyState>
  );
}
