"use client";
// One delivery: where it went, where it stands, when it retries next, and its attempt timeline. Live
// (every 2 s) until it settles, and while a replay started from here is running.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { RouterOutputs } from "../../server/trpc/app-router";
import { useTRPC } from "../trpc";
import { StatusBadge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, DetailList, PageHeader } from "../ui/card";
import { errorMessage } from "../ui/errors";
import { EmptyState, ErrorState, LoadingState, Notice } from "../ui/states";
import { Countdown, LocalDateTime, RelativeTime } from "../ui/time";
import { AttemptTimeline } from "./attempt-timeline";
import { errorBeyondStatus, lastOutcome } from "./deliveries-table";
import { isSettled } from "./delivery-filters";

type DeliveryDetail = RouterOutputs["deliveries"]["get"];
type Replay = RouterOutputs["deliveries"]["replay"];

const linkClass = "font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600";

/** The replay this page started, followed until it finishes; then the delivery is read once more. */
function useReplayFromHere(deliveryId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [started, setStarted] = useState<Replay | null>(null);
  const replay = useMutation(trpc.deliveries.replay.mutationOptions({ onSuccess: setStarted }));
  const progress = useQuery(
    trpc.replays.get.queryOptions({ id: started?.id ?? "" }, { enabled: started !== null, refetchInterval: (query) => (query.state.data?.state === "running" ? 2_000 : false) }),
  );
  const current = progress.data ?? started;
  const finished = current !== null && current.state !== "running";
  useEffect(() => {
    // The delivery stops polling when the replay ends, so its last attempt must not be missed.
    if (finished) void queryClient.invalidateQueries({ queryKey: trpc.deliveries.get.queryKey({ id: deliveryId }) });
  }, [finished, queryClient, trpc, deliveryId]);
  return { replay, current, running: current?.state === "running" };
}

export function DeliveryDetailView({ id, initial }: { id: string; initial: DeliveryDetail }) {
  const trpc = useTRPC();
  const fromHere = useReplayFromHere(id);
  const delivery = useQuery(
    trpc.deliveries.get.queryOptions(
      { id },
      { initialData: initial, refetchInterval: (query) => (query.state.data && isSettled(query.state.data.status) && !fromHere.running ? false : 2_000) },
    ),
  );
  if (delivery.isPending) return <LoadingState label="Loading the delivery…" />;
  if (delivery.isError) return <ErrorState error={delivery.error} onRetry={() => void delivery.refetch()} />;
  const data = delivery.data;
  const settled = isSettled(data.status);

  return (
    <>
      <PageHeader
        back={
          <Link href="/deliveries" className={linkClass}>
            ← Deliveries
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            Delivery <StatusBadge status={data.status} />
          </span>
        }
        description={<span className="font-mono text-xs">{data.id}</span>}
        actions={
          <Button pending={fromHere.replay.isPending} disabled={!settled} onClick={() => fromHere.replay.mutate({ id })} title={settled ? "Send this delivery again now" : "Available once the delivery is delivered, failed or cancelled"}>
            Replay
          </Button>
        }
      />
      <div className="space-y-6">
        <ReplayNotice fromHere={fromHere} settled={settled} />
        <Summary delivery={data} />
        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading" className="mb-3 text-sm font-semibold text-slate-900">
            Attempts ({data.attempts.length})
          </h2>
          {data.attempts.length > 0 ? (
            <AttemptTimeline attempts={data.attempts} />
          ) : (
            <EmptyState title="No attempt yet">The first attempt starts as soon as a worker picks the delivery up; this page updates by itself.</EmptyState>
          )}
        </section>
      </div>
    </>
  );
}

function ReplayNotice({ fromHere, settled }: { fromHere: ReturnType<typeof useReplayFromHere>; settled: boolean }) {
  if (fromHere.replay.isError) return <Notice tone="error">{errorMessage(fromHere.replay.error)}</Notice>;
  const replay = fromHere.current;
  if (replay)
    return (
      <Notice tone="success">
        Replay {replay.state === "running" ? "started" : replay.state}: the new attempt appears in the timeline below.{" "}
        <Link prefetch={false} href={`/replays/${replay.id}`} className="font-medium underline">
          View replay
        </Link>
      </Notice>
    );
  if (!settled) return <p className="text-sm text-slate-500">Replay becomes available once this delivery is delivered, failed or cancelled.</p>;
  return null;
}

function Summary({ delivery }: { delivery: DeliveryDetail }) {
  const trpc = useTRPC();
  const endpoint = useQuery(trpc.endpoints.get.queryOptions({ id: delivery.endpoint_id }));
  const lastError = errorBeyondStatus(delivery);
  const waiting = (delivery.status === "retrying" || delivery.status === "pending") && delivery.next_attempt_at;
  return (
    <Card title="Summary">
      {waiting ? (
        <p data-testid="next-retry" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">
          Next retry{delivery.attempt_count === 0 ? " (first attempt)" : ""} <Countdown iso={delivery.next_attempt_at!} />
          <span className="font-normal text-amber-800"> · <LocalDateTime iso={delivery.next_attempt_at} /></span>
        </p>
      ) : null}
      <DetailList
        items={[
          ["Event type", <Link key="event" href={`/events/${delivery.event_id}`} className={linkClass}>{delivery.event_type ?? delivery.event_id}</Link>],
          ["Endpoint", <Link key="endpoint" prefetch={false} href={`/endpoints/${delivery.endpoint_id}`} className={`${linkClass} break-all`}>{endpoint.data?.url ?? delivery.endpoint_id}</Link>],
          ["Created", <span key="created"><LocalDateTime iso={delivery.created_at} /> (<RelativeTime iso={delivery.created_at} />)</span>],
          ["Delivered", <LocalDateTime key="delivered" iso={delivery.delivered_at} />],
          ["Attempts", delivery.attempt_count],
          ["Last response", lastOutcome(delivery)],
        ]}
      />
      {lastError && delivery.status !== "delivered" ? (
        <div className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <span className="font-medium">Last error: </span>
          <span className="break-words font-mono text-xs">{lastError}</span>
        </div>
      ) : null}
    </Card>
  );
}
