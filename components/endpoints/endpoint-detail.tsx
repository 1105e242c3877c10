"use client";
// One endpoint: health now, the last 24 h as a chart, a test event, its recent deliveries, its
// configuration, and the actions (edit, rotate secret, delete). The page's server component has
// already answered 404 for an id this tenant does not own, and hands over the endpoint it read.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatDuration } from "../format";
import { useTRPC } from "../trpc";
import { LinkButton } from "../ui/button";
import { Card, DetailList, PageHeader } from "../ui/card";
import { ErrorState, LoadingState } from "../ui/states";
import { RelativeTime } from "../ui/time";
import { DeleteEndpointButton } from "./delete-endpoint-button";
import { DisabledBanner } from "./disabled-banner";
import { EndpointChart } from "./endpoint-chart";
import type { Endpoint } from "./endpoint-form-values";
import { EventTypeChips } from "./endpoint-list";
import { HealthDetails } from "./health-card";
import { RecentDeliveries } from "./recent-deliveries";
import { RotateSecretButton } from "./rotate-secret-dialog";
import { SendTestEvent } from "./send-test-event";

export function EndpointDetail({ initial }: { initial: Endpoint }) {
  const trpc = useTRPC();
  // Once deleted, nothing here may be fetched again: each read would now answer 404.
  const [live, setLive] = useState(true);
  const id = initial.id;
  const endpointQuery = useQuery(trpc.endpoints.get.queryOptions({ id }, { initialData: initial, refetchInterval: 10_000, enabled: live }));
  const endpoint = endpointQuery.data;

  return (
    <>
      <PageHeader
        // The URL is what identifies an endpoint: wrap it rather than cut it on narrow screens.
        title={<span className="whitespace-normal break-all">{endpoint.url}</span>}
        description={endpoint.description || undefined}
        back={<Link href="/endpoints" className="text-brand-700 hover:underline">← Endpoints</Link>}
        actions={
          <>
            <LinkButton href={`/endpoints/${id}/edit`} variant="secondary">
              Edit
            </LinkButton>
            <RotateSecretButton endpointId={id} />
            <DeleteEndpointButton endpointId={id} url={endpoint.url} setLive={setLive} />
          </>
        }
      />
      <div className="flex flex-col gap-6">
        {endpoint.enabled ? null : <DisabledBanner endpointId={id} reason={endpoint.disabled_reason} disabledAt={endpoint.disabled_at} alert />}
        <div className="grid gap-6 lg:grid-cols-3">
          <Card title="Health" className="lg:col-span-2">
            <HealthPanel id={id} live={live} />
          </Card>
          <Card title="Test">
            <SendTestEvent endpointId={id} eventTypes={endpoint.event_types} enabled={endpoint.enabled} />
          </Card>
        </div>
        <Card title="Last 24 hours">
          <StatsPanel id={id} live={live} />
        </Card>
        <Card title="Recent deliveries">
          <RecentDeliveries endpointId={id} live={live} />
        </Card>
        <Card title="Configuration">
          <DetailList
            items={[
              ["Event types", <EventTypeChips key="types" types={endpoint.event_types} max={100} />],
              ["Timeout", formatDuration(endpoint.timeout_ms)],
              ["Rate limit", endpoint.rate_limit_per_second === null ? "None" : `${endpoint.rate_limit_per_second} per second`],
              ["Max concurrency", String(endpoint.max_concurrency)],
              ["Custom headers", Object.keys(endpoint.headers).join(", ") || "None"],
              ["Created", <RelativeTime key="created" iso={endpoint.created_at} />],
            ]}
          />
        </Card>
      </div>
    </>
  );
}

function HealthPanel({ id, live }: { id: string; live: boolean }) {
  const trpc = useTRPC();
  const health = useQuery(trpc.endpoints.health.queryOptions({ id }, { refetchInterval: 5_000, enabled: live }));
  if (health.isPending) return <LoadingState label="Loading health…" />;
  if (health.isError) return <ErrorState error={health.error} onRetry={() => void health.refetch()} />;
  return <HealthDetails health={health.data} />;
}

function StatsPanel({ id, live }: { id: string; live: boolean }) {
  const trpc = useTRPC();
  const stats = useQuery(trpc.endpoints.stats.queryOptions({ id }, { refetchInterval: 30_000, enabled: live }));
  if (stats.isPending) return <LoadingState label="Loading the last 24 hours…" />;
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  return <EndpointChart hours={stats.data} />;
}
