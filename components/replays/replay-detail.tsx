"use client";
// One replay, live: progress, counts, why it waits, time left; pause, resume and cancel per state.
// Refetches every second while it is running or paused (a paused one can be resumed elsewhere).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button, LinkButton } from "../ui/button";
import { Card, DetailList, PageHeader } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { errorMessage } from "../ui/errors";
import { ProgressBar } from "../ui/progress-bar";
import { ErrorState, Notice } from "../ui/states";
import { LocalCount, LocalDateTime, LocalText } from "../ui/time";
import { useTRPC } from "../trpc";
import { type Replay, ReplayStateBadge, blockedText, etaText, filterSummary, formatRate, isLive, progressRatio } from "./replay-text";
import { endpointLabel, useEndpointOptions } from "./use-endpoint-options";

export function ReplayDetail({ initial }: { initial: Replay }) {
  const trpc = useTRPC();
  const replay = useQuery(
    trpc.replays.get.queryOptions({ id: initial.id }, { initialData: initial, refetchInterval: (query) => (query.state.data && isLive(query.state.data) ? 1_000 : false) }),
  );
  const endpoints = useEndpointOptions();
  const current = replay.data;
  const ratio = progressRatio(current);
  const blocked = blockedText(current.blocked_reason);

  return (
    <>
      <PageHeader
        title={`Replay ${current.id}`}
        description={
          <>
            To {endpointLabel(endpoints.data?.data, current.endpoint_id)} · <LocalText text={() => filterSummary(current.filter)} />
          </>
        }
        back={
          <Link href="/replays" className="text-brand-700 hover:underline">
            ← All replays
          </Link>
        }
        actions={<ReplayActions replay={current} />}
      />
      {replay.isError ? <ErrorState error={replay.error} onRetry={() => void replay.refetch()} /> : null}
      <div className="grid gap-6">
        <Card
          title="Progress"
          actions={
            <span data-testid="replay-state">
              <ReplayStateBadge state={current.state} />
            </span>
          }
        >
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
            <p className="text-2xl font-semibold text-slate-900">{Math.round(ratio * 100)} %</p>
            <p className="text-slate-600">Time left: {etaText(current)}</p>
          </div>
          <div className="mt-3">
            <ProgressBar label="Replay progress" ratio={ratio} tone={current.state === "completed" ? "green" : current.state === "cancelled" ? "slate" : "brand"} />
          </div>
          {blocked ? (
            <div className="mt-4">
              <Notice tone="info">{blocked}</Notice>
            </div>
          ) : null}
          <Counts replay={current} />
        </Card>
        <Card
          title="Details"
          actions={
            <LinkButton variant="secondary" size="sm" href={`/deliveries?endpoint_id=${encodeURIComponent(current.endpoint_id)}`}>
              View the endpoint&apos;s deliveries
            </LinkButton>
          }
        >
          <DetailList
            items={[
              ["Endpoint", endpointLabel(endpoints.data?.data, current.endpoint_id)],
              ["Filter", <LocalText key="filter" text={() => filterSummary(current.filter)} />],
              ["Drip rate", <span key="rate"><LocalText text={() => formatRate(current.rate_per_second)} fallback={`${current.rate_per_second}/s`} /> at most (slower if the endpoint&apos;s rate limit or recovery says so)</span>],
              ["Created", <LocalDateTime key="created" iso={current.created_at} />],
              ["Finished", <LocalDateTime key="finished" iso={current.finished_at} />],
            ]}
          />
        </Card>
      </div>
    </>
  );
}

function Counts({ replay }: { replay: Replay }) {
  const counts: [string, number, string][] = [
    ["Total", replay.total, "text-slate-900"],
    ["Sent", replay.sent, "text-slate-900"],
    ["Delivered", replay.delivered, "text-emerald-700"],
    ["Failed", replay.failed, "text-red-700"],
    ["Skipped", replay.skipped, "text-slate-700"],
    ["Remaining", replay.remaining, "text-slate-900"],
  ];
  return (
    <dl className="mt-5 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {counts.map(([label, value, tone]) => (
        <div key={label} className="rounded-md bg-slate-50 px-3 py-2">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
          <dd className={`mt-0.5 text-lg font-semibold tabular-nums ${tone}`}><LocalCount value={value} /></dd>
        </div>
      ))}
      {replay.skipped ? <p className="col-span-full text-xs text-slate-500">Skipped deliveries were already being sent or retried when their turn came.</p> : null}
    </dl>
  );
}

function ReplayActions({ replay }: { replay: Replay }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const onSuccess = (next: Replay) => {
    queryClient.setQueryData(trpc.replays.get.queryKey({ id: replay.id }), next);
    void queryClient.invalidateQueries({ queryKey: trpc.replays.list.pathKey() });
  };
  const pause = useMutation(trpc.replays.pause.mutationOptions({ onSuccess }));
  const resume = useMutation(trpc.replays.resume.mutationOptions({ onSuccess }));
  const cancel = useMutation(trpc.replays.cancel.mutationOptions({ onSuccess: (next) => (onSuccess(next), setConfirming(false)) }));
  const failed = [pause, resume].find((mutation) => mutation.isError);
  if (!isLive(replay)) return null;
  return (
    <>
      {replay.state === "running" ? (
        <Button variant="secondary" pending={pause.isPending} onClick={() => pause.mutate({ id: replay.id })}>
          Pause
        </Button>
      ) : (
        <Button pending={resume.isPending} onClick={() => resume.mutate({ id: replay.id })}>
          Resume
        </Button>
      )}
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Cancel replay
      </Button>
      {failed ? <Notice tone="error">{errorMessage(failed.error)}</Notice> : null}
      <Dialog open={confirming} onClose={() => setConfirming(false)} title="Cancel this replay?">
        <p className="text-sm text-slate-600">
          Nothing more is sent: the <LocalCount value={replay.remaining} /> deliveries not sent yet stay as they are. Attempts already on their way finish and are
          counted. A cancelled replay cannot be resumed; start a new one to send the rest.
        </p>
        {cancel.isError ? <Notice tone="error">{errorMessage(cancel.error)}</Notice> : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
          <Button variant="danger" pending={cancel.isPending} onClick={() => cancel.mutate({ id: replay.id })}>
            Stop sending
          </Button>
        </div>
      </Dialog>
    </>
  );
}
