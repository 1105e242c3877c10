"use client";
// Start a filtered replay: which endpoint, which settled deliveries, how fast. A live preview counts
// the matching deliveries (debounced, only for input the API accepts) and estimates how long it takes.
import { keepPreviousData, skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { SETTLED_STATUSES, type SettledStatus } from "../deliveries/delivery-filters";
import { formatCount, formatDuration } from "../format";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { errorMessage, fieldErrorsOf } from "../ui/errors";
import { SelectField, TextField } from "../ui/field";
import { EmptyState, ErrorState, LoadingState, Notice } from "../ui/states";
import { LocalCount } from "../ui/time";
import { useDebounced } from "../ui/use-debounced";
import { useTRPC } from "../trpc";
import { checkValues, initialValues, type ReplayFilterInput, type ReplayFormValues, type ReplayLimits, type ReplayPrefill } from "./replay-form-state";
import { formatRate } from "./replay-text";
import { useEndpointOptions, type EndpointOption } from "./use-endpoint-options";

export function ReplayForm({ prefill, limits }: { prefill: ReplayPrefill; limits: ReplayLimits }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const endpoints = useEndpointOptions();
  const [values, setValues] = useState<ReplayFormValues>(() => initialValues(prefill));
  const [showErrors, setShowErrors] = useState(false);
  const checked = useMemo(() => checkValues(values, limits), [values, limits]);
  const create = useMutation(
    trpc.replays.create.mutationOptions({
      onSuccess: async (replay) => {
        await queryClient.invalidateQueries({ queryKey: trpc.replays.pathKey() });
        router.push(`/replays/${replay.id}`);
      },
    }),
  );

  if (endpoints.isPending) return <LoadingState label="Loading endpoints…" />;
  if (endpoints.isError) return <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />;
  if (endpoints.data.data.length === 0)
    return <EmptyState title="No endpoints yet">A replay sends an endpoint&apos;s deliveries again; add an endpoint on the Endpoints page first.</EmptyState>;

  const set = <K extends keyof ReplayFormValues>(key: K, value: ReplayFormValues[K]) => setValues((current) => ({ ...current, [key]: value }));
  const errors = { ...(showErrors ? checked.errors : {}), ...fieldErrorsOf(create.error) };
  const endpoint = endpoints.data.data.find((candidate) => candidate.id === values.endpointId);
  const knownEndpoint = !values.endpointId || endpoint !== undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setShowErrors(true);
    if (!checked.filter || checked.rate === null || !knownEndpoint) return;
    create.mutate({ ...checked.filter, rate_per_second: checked.rate });
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Card title="What to send again">
        <div className="grid gap-5">
          <SelectField id="endpoint_id" label="Endpoint" value={values.endpointId} onChange={(e) => set("endpointId", e.target.value)} error={errors.endpoint_id ?? (knownEndpoint ? undefined : "This endpoint is not one of yours")} required>
            <option value="">Choose an endpoint…</option>
            {endpoints.data.data.map((option) => (
              <option key={option.id} value={option.id}>
                {option.description ? `${option.description} — ${option.url}` : option.url}
              </option>
            ))}
          </SelectField>
          <StatusChoice values={values.statuses} onChange={(statuses) => set("statuses", statuses)} error={errors.statuses} />
          <TextField
            id="event_types"
            label="Event types (optional)"
            hint='Comma-separated exact types or wildcards, e.g. "invoice.payment_failed, charge.*". Empty means every type.'
            placeholder="invoice.payment_failed, charge.*"
            value={values.eventTypes}
            onChange={(e) => set("eventTypes", e.target.value)}
            error={errors.event_types ?? firstIndexed(errors, "event_types.")}
          />
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField id="since" type="datetime-local" label="Created since (optional)" hint="Your local time." value={values.since} onChange={(e) => set("since", e.target.value)} error={errors.since} />
            <TextField id="until" type="datetime-local" label="Created before (optional)" value={values.until} onChange={(e) => set("until", e.target.value)} error={errors.until} />
          </div>
          <TextField
            id="rate_per_second"
            type="number"
            inputMode="decimal"
            min={limits.minRate}
            max={limits.maxRate}
            step="any"
            label="Drip rate (deliveries per second)"
            hint={
              <>
                At most this many deliveries per second ({limits.minRate} to <LocalCount value={limits.maxRate} />), and never faster than the endpoint&apos;s own rate limit or recovery allows.
              </>
            }
            value={values.rate}
            onChange={(e) => set("rate", e.target.value)}
            error={errors.rate_per_second}
          />
        </div>
      </Card>
      <div className="grid content-start gap-4">
        <Card title="Preview">
          <Preview filter={knownEndpoint ? checked.filter : null} rate={checked.rate} limits={limits} />
          {endpoint ? <EndpointNotes endpoint={endpoint} /> : null}
        </Card>
        {create.isError && Object.keys(fieldErrorsOf(create.error)).length === 0 ? <Notice tone="error">{errorMessage(create.error)}</Notice> : null}
        {errors.body ? <Notice tone="error">{errorMessage(create.error)}</Notice> : null}
        <Button type="submit" pending={create.isPending || create.isSuccess}>
          Start replay
        </Button>
      </div>
    </form>
  );
}

function StatusChoice({ values, onChange, error }: { values: string[]; onChange: (statuses: SettledStatus[]) => void; error?: string }) {
  const toggle = (status: SettledStatus, on: boolean) => onChange(SETTLED_STATUSES.filter((s) => (s === status ? on : values.includes(s))));
  return (
    <fieldset aria-describedby={error ? "statuses-error" : undefined}>
      <legend className="text-sm font-medium text-slate-700">Deliveries that ended as</legend>
      <div className="mt-2 flex flex-wrap gap-4">
        {SETTLED_STATUSES.map((status) => (
          <label key={status} className="inline-flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" className="h-4 w-4 rounded border-slate-300 text-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600" checked={values.includes(status)} onChange={(e) => toggle(status, e.target.checked)} />
            {status}
          </label>
        ))}
      </div>
      {error ? (
        <p id="statuses-error" className="mt-1 text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function Preview({ filter, rate, limits }: { filter: ReplayFilterInput | null; rate: number | null; limits: ReplayLimits }) {
  const trpc = useTRPC();
  const settled = useDebounced(filter, 300);
  const current = settled !== null && JSON.stringify(settled) === JSON.stringify(filter);
  const preview = useQuery(trpc.replays.preview.queryOptions(settled ?? skipToken, { placeholderData: keepPreviousData, staleTime: 0 }));

  let body: React.ReactNode;
  if (!filter) body = <p className="text-slate-500">Choose an endpoint (and valid filters) to see how many deliveries match.</p>;
  else if (preview.isError) body = <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;
  else if (!preview.data) body = <p className="text-slate-500">Counting…</p>;
  else body = <PreviewCount total={preview.data.total} tooMany={preview.data.too_many} rate={rate} limits={limits} />;
  return (
    <div data-testid="replay-preview" aria-live="polite" aria-busy={!current || preview.isFetching} className={`text-sm ${current ? "" : "opacity-70"}`}>
      {body}
    </div>
  );
}

function PreviewCount({ total, tooMany, rate, limits }: { total: number; tooMany: boolean; rate: number | null; limits: ReplayLimits }) {
  if (tooMany) return <p className="text-red-700">More than {formatCount(limits.maxDeliveries)} deliveries match: narrow the time range or event types and start several replays.</p>;
  return (
    <>
      <p>
        <span className="text-2xl font-semibold text-slate-900">{formatCount(total)}</span> {total === 1 ? "delivery matches" : "deliveries match"}
      </p>
      {total === 0 ? <p className="mt-1 text-slate-500">Nothing to send: widen the filter.</p> : null}
      {total > 0 && rate ? (
        <p className="mt-1 text-slate-600">
          At {formatRate(rate)} this takes about {formatDuration(Math.max(1, total / rate) * 1_000)}.
        </p>
      ) : null}
    </>
  );
}

function EndpointNotes({ endpoint }: { endpoint: EndpointOption }) {
  const notes: { text: string; warn?: boolean }[] = [];
  if (endpoint.rate_limit_per_second) notes.push({ text: `This endpoint accepts at most ${formatRate(endpoint.rate_limit_per_second)}; the replay never goes faster.` });
  if (!endpoint.enabled) notes.push({ text: "The endpoint is disabled: the replay waits until it is enabled.", warn: true });
  else if (endpoint.circuit_state !== "closed") notes.push({ text: "The endpoint's circuit is open: the replay waits for it to recover.", warn: true });
  if (notes.length === 0) return null;
  return (
    <ul className="mt-3 space-y-1 border-t border-slate-100 pt-3 text-xs text-slate-600">
      {notes.map((note) => (
        <li key={note.text} className={note.warn ? "text-amber-800" : undefined}>
          {note.text}
        </li>
      ))}
    </ul>
  );
}

/** A 422 on one list item ("event_types.2") shown on the list's field. */
function firstIndexed(errors: Record<string, string>, prefix: string): string | undefined {
  const key = Object.keys(errors).find((field) => field.startsWith(prefix));
  return key ? errors[key] : undefined;
}
