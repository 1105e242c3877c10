"use client";
// "Replay selected": a replay covers one endpoint, so the settled deliveries among the selection are
// grouped by endpoint and each group becomes a replay of exactly those ids, at the chosen drip rate.
// Deliveries still on their way (pending, sending, retrying, held) are left out and the user is told.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { RouterOutputs } from "../../server/trpc/app-router";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { errorMessage } from "../ui/errors";
import { TextField } from "../ui/field";
import { Notice } from "../ui/states";
import { isSettled, SETTLED_STATUSES, type Delivery } from "./delivery-filters";

type Replay = RouterOutputs["replays"]["create"];
type Outcome = { replays: Replay[]; failures: string[] };

function byEndpoint(deliveries: Delivery[]): Map<string, Delivery[]> {
  const groups = new Map<string, Delivery[]>();
  for (const delivery of deliveries) groups.set(delivery.endpoint_id, [...(groups.get(delivery.endpoint_id) ?? []), delivery]);
  return groups;
}

function rateProblem(rate: string): string | undefined {
  const value = Number(rate);
  return rate.trim() !== "" && value >= 0.1 && value <= 1_000 ? undefined : "Between 0.1 and 1000 per second.";
}

export function BulkReplay({ selected, endpointUrls, onStarted }: { selected: Delivery[]; endpointUrls: Map<string, string>; onStarted: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.replays.create.mutationOptions());
  const [rate, setRate] = useState("10");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const settled = selected.filter((delivery) => isSettled(delivery.status));
  const onTheirWay = selected.length - settled.length;
  const problem = rateProblem(rate);

  async function replaySelected() {
    const result: Outcome = { replays: [], failures: [] };
    for (const [endpointId, group] of byEndpoint(settled)) {
      try {
        // The ids say which deliveries; any settled status is accepted (the selection's statuses may be stale).
        const statuses = [...SETTLED_STATUSES];
        result.replays.push(await create.mutateAsync({ endpoint_id: endpointId, delivery_ids: group.map((d) => d.id), statuses, rate_per_second: Number(rate) }));
      } catch (error) {
        result.failures.push(`${endpointUrls.get(endpointId) ?? endpointId}: ${errorMessage(error)}`);
      }
    }
    setOutcome(result);
    if (result.replays.length > 0) onStarted();
    await queryClient.invalidateQueries({ queryKey: trpc.deliveries.pathKey() });
  }

  if (selected.length === 0 && !outcome) return null;
  return (
    <section aria-label="Bulk replay" className="mb-4 space-y-3 rounded-lg border border-brand-500/30 bg-brand-50/40 p-4">
      {selected.length > 0 ? (
        <div className="flex flex-wrap items-end gap-4">
          <p className="text-sm text-slate-800">
            <strong>{selected.length}</strong> selected{settled.length !== selected.length ? `, ${settled.length} replayable` : ""}.
          </p>
          <div className="w-40">
            <TextField id="bulk-rate" label="Rate (per second)" type="number" inputMode="decimal" min={0.1} max={1000} step="any" value={rate} error={problem} onChange={(event) => setRate(event.target.value)} />
          </div>
          <Button pending={create.isPending} disabled={settled.length === 0 || Boolean(problem)} onClick={() => void replaySelected()}>
            Replay selected
          </Button>
        </div>
      ) : null}
      {onTheirWay > 0 ? (
        <Notice tone="info">
          {onTheirWay === 1 ? "1 selected delivery is" : `${onTheirWay} selected deliveries are`} still on its way (pending, sending, retrying or held) and cannot be replayed
          until it settles as delivered, failed or cancelled; {settled.length > 0 ? "it is left out." : "select settled deliveries to replay them."}
        </Notice>
      ) : null}
      {outcome ? <ReplayOutcome outcome={outcome} endpointUrls={endpointUrls} /> : null}
    </section>
  );
}

function ReplayOutcome({ outcome, endpointUrls }: { outcome: Outcome; endpointUrls: Map<string, string> }) {
  return (
    <>
      {outcome.replays.length > 0 ? (
        <Notice tone="success">
          Started {outcome.replays.length === 1 ? "a replay" : `${outcome.replays.length} replays`}:
          <ul className="mt-1 list-disc pl-5">
            {outcome.replays.map((replay) => (
              <li key={replay.id}>
                <Link prefetch={false} href={`/replays/${replay.id}`} className="font-medium underline">
                  Replay {replay.id}
                </Link>{" "}
                — {replay.total} {replay.total === 1 ? "delivery" : "deliveries"} to {endpointUrls.get(replay.endpoint_id) ?? replay.endpoint_id} at {replay.rate_per_second}/s
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {outcome.failures.length > 0 ? (
        <Notice tone="error">
          Could not start:
          <ul className="mt-1 list-disc pl-5">
            {outcome.failures.map((failure) => (
              <li key={failure}>{failure}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
    </>
  );
}
