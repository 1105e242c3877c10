"use client";
// Sends one test event of a chosen type to this endpoint only, then links to its delivery. Only types
// the endpoint subscribes to are offered (the server refuses the others).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { errorMessage } from "../ui/errors";
import { SelectField } from "../ui/field";
import { ErrorState, LoadingState, Notice } from "../ui/states";
import { subscribedTypes } from "./event-type-filters";

export function SendTestEvent({ endpointId, eventTypes, enabled }: { endpointId: string; eventTypes: string[]; enabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const types = useQuery(trpc.eventTypes.list.queryOptions());
  const [chosen, setChosen] = useState("");
  const send = useMutation(
    trpc.endpoints.sendTest.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.deliveries.list.pathKey() }),
    }),
  );
  if (types.isPending) return <LoadingState label="Loading event types…" />;
  if (types.isError) return <ErrorState error={types.error} onRetry={() => void types.refetch()} />;

  const offered = subscribedTypes(eventTypes, types.data.data);
  const type = offered.some((t) => t.name === chosen) ? chosen : (offered[0]?.name ?? "");
  const blocked = !enabled ? "Enable the endpoint to send a test event." : offered.length === 0 ? "No registered event type matches this endpoint's event types." : null;
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate({ id: endpointId, type });
      }}
    >
      <SelectField id="test-event-type" label="Event type" value={type} onChange={(e) => setChosen(e.target.value)} disabled={blocked !== null}>
        {offered.map((t) => (
          <option key={t.id} value={t.name}>
            {t.name}
          </option>
        ))}
      </SelectField>
      <div>
        <Button type="submit" variant="secondary" pending={send.isPending} disabled={blocked !== null}>
          Send test event
        </Button>
      </div>
      {blocked ? <p className="text-xs text-slate-500">{blocked}</p> : null}
      {send.isError ? <Notice tone="error">{errorMessage(send.error)}</Notice> : null}
      {send.data ? (
        <Notice tone="success">
          Test event sent.{" "}
          <Link href={`/deliveries/${send.data.delivery_id}`} prefetch={false} className="font-medium underline">
            View delivery
          </Link>
        </Notice>
      ) : null}
    </form>
  );
}
