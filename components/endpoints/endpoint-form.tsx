"use client";
// One form for create and edit. Obvious mistakes are caught here (after the first submit, live);
// the server's 422 field errors are shown under the inputs they name.
import { useState, type FormEvent } from "react";
import { Button, LinkButton } from "../ui/button";
import { Card } from "../ui/card";
import { errorMessage, fieldErrorsOf } from "../ui/errors";
import { TextField } from "../ui/field";
import { Notice } from "../ui/states";
import { type FormErrors, type FormValues, placeServerErrors, validate } from "./endpoint-form-values";
import { EventTypePicker } from "./event-type-picker";
import { HeadersEditor } from "./headers-editor";

type Props = {
  initial: FormValues;
  mode: "create" | "edit";
  pending: boolean;
  serverError: unknown;
  cancelHref: string;
  onSubmit: (values: FormValues) => void;
};

/** Where focus goes when a field has an error: the first invalid input in form order. */
const FIELD_IDS: [string, string][] = [
  ["url", "endpoint-url"],
  ["description", "endpoint-description"],
  ["event_types", "event-type-entry"],
  ["timeout_ms", "endpoint-timeout"],
  ["rate_limit_per_second", "endpoint-rate-limit"],
  ["max_concurrency", "endpoint-concurrency"],
];

export function EndpointForm({ initial, mode, pending, serverError, cancelHref, onSubmit }: Props) {
  const [values, setValues] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const options = { timeoutRequired: mode === "edit" };
  const clientErrors: FormErrors = submitted ? validate(values, options) : {};
  const server = placeServerErrors(fieldErrorsOf(serverError), values);
  const errors = { ...server.errors, ...clientErrors };
  const set = (change: Partial<FormValues>) => setValues((current) => ({ ...current, ...change }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    const problems = validate(values, options);
    const first = FIELD_IDS.find(([field]) => problems[field]);
    if (first) document.getElementById(first[1])?.focus();
    if (Object.keys(problems).length === 0) onSubmit(values);
  }

  const hasFieldErrors = Object.keys(server.errors).length > 0;
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-6">
      {serverError ? (
        <Notice tone="error">
          {hasFieldErrors ? "Some fields need a change: see below." : errorMessage(serverError)}
          {server.unplaced.length ? (
            <ul className="mt-1 list-disc pl-5">
              {server.unplaced.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <Card title="Destination">
        <div className="flex flex-col gap-4">
          <TextField
            id="endpoint-url"
            label="URL"
            type="url"
            inputMode="url"
            autoComplete="off"
            placeholder="https://example.com/webhooks"
            value={values.url}
            onChange={(e) => set({ url: e.target.value })}
            error={errors.url}
            hint="Where Hookline POSTs your events (http or https)."
          />
          <TextField
            id="endpoint-description"
            label="Description"
            value={values.description}
            onChange={(e) => set({ description: e.target.value })}
            error={errors.description}
            hint="Optional: what this endpoint is for."
            maxLength={500}
          />
        </div>
      </Card>
      <Card title="Subscriptions">
        <EventTypePicker value={values.eventTypes} onChange={(eventTypes) => set({ eventTypes })} error={errors.event_types} />
      </Card>
      <Card title="Delivery">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            id="endpoint-timeout"
            label="Timeout (seconds)"
            type="number"
            inputMode="decimal"
            min={1}
            max={30}
            step="any"
            value={values.timeoutSeconds}
            onChange={(e) => set({ timeoutSeconds: e.target.value })}
            error={errors.timeout_ms}
            hint={mode === "create" ? "1 to 30; blank for the default." : "1 to 30."}
          />
          <TextField
            id="endpoint-rate-limit"
            label="Rate limit (per second)"
            type="number"
            inputMode="numeric"
            min={1}
            max={10_000}
            value={values.rateLimit}
            onChange={(e) => set({ rateLimit: e.target.value })}
            error={errors.rate_limit_per_second}
            hint="Optional: at most this many requests a second."
          />
          <TextField
            id="endpoint-concurrency"
            label="Max concurrency"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            value={values.maxConcurrency}
            onChange={(e) => set({ maxConcurrency: e.target.value })}
            error={errors.max_concurrency}
            hint="Requests in flight at once, 1 to 100."
          />
        </div>
        <div className="mt-6">
          <HeadersEditor rows={values.headers} onChange={(headers) => set({ headers })} errors={errors} />
        </div>
      </Card>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={pending}>
          {mode === "create" ? "Create endpoint" : "Save changes"}
        </Button>
        <LinkButton href={cancelHref} variant="secondary">
          Cancel
        </LinkButton>
      </div>
    </form>
  );
}
