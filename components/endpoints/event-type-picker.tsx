"use client";
// Registered event types as checkboxes (with what each means), and a free entry for wildcards
// ("invoice.*", "*") or names not listed, which show as removable chips.
import { useQuery } from "@tanstack/react-query";
import { useState, type KeyboardEvent } from "react";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { inputClass } from "../ui/field";
import { ErrorState, LoadingState } from "../ui/states";
import { eventTypeEntryProblem } from "./endpoint-form-values";

type Props = { value: string[]; onChange: (next: string[]) => void; error?: string };

export function EventTypePicker({ value, onChange, error }: Props) {
  const trpc = useTRPC();
  const types = useQuery(trpc.eventTypes.list.queryOptions());
  const registered = new Set(types.data?.data.map((t) => t.name));
  const chips = value.filter((filter) => !registered.has(filter));

  const toggle = (name: string, on: boolean) => onChange(on ? [...value, name] : value.filter((v) => v !== name));

  return (
    <fieldset aria-describedby={error ? "event-types-error" : "event-types-hint"}>
      <legend className="text-sm font-medium text-slate-700">Event types</legend>
      <p id="event-types-hint" className="mt-0.5 text-xs text-slate-500">
        The endpoint receives events of the checked types, and of any pattern you add below.
      </p>
      {types.isPending ? (
        <LoadingState label="Loading event types…" />
      ) : types.isError ? (
        <div className="mt-2">
          <ErrorState error={types.error} onRetry={() => void types.refetch()} />
        </div>
      ) : (
        <ul className="mt-2 grid gap-2 sm:grid-cols-2">
          {types.data.data.map((type) => (
            <li key={type.id}>
              <label className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 px-3 py-2 hover:bg-slate-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500/40">
                <input type="checkbox" className="mt-0.5 h-4 w-4 accent-brand-600" checked={value.includes(type.name)} onChange={(e) => toggle(type.name, e.target.checked)} />
                <span className="min-w-0">
                  <span className="block font-mono text-xs font-medium text-slate-900">{type.name}</span>
                  {type.description ? <span className="block text-xs text-slate-500">{type.description}</span> : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <PatternEntry chosen={value} onAdd={(filter) => onChange([...value, filter])} />
      {chips.length ? (
        <ul aria-label="Patterns" className="mt-2 flex flex-wrap gap-2">
          {chips.map((filter) => (
            <li key={filter} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pl-2.5 pr-1 font-mono text-xs text-brand-700 ring-1 ring-brand-500/30">
              {filter}
              <button
                type="button"
                aria-label={`Remove ${filter}`}
                onClick={() => toggle(filter, false)}
                className="rounded-full px-1.5 text-brand-700 hover:bg-brand-500/20 focus-visible:outline-2 focus-visible:outline-brand-600"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id="event-types-error" className="mt-1 text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function PatternEntry({ chosen, onAdd }: { chosen: string[]; onAdd: (filter: string) => void }) {
  const [entry, setEntry] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  function add() {
    const filter = entry.trim();
    const why = eventTypeEntryProblem(filter, chosen);
    setProblem(why);
    if (why) return;
    onAdd(filter);
    setEntry("");
  }
  // Enter adds the pattern instead of submitting the whole form.
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    add();
  }
  return (
    <div className="mt-3">
      <label htmlFor="event-type-entry" className="block text-xs font-medium text-slate-600">
        Add a pattern (invoice.* or * for every type)
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id="event-type-entry"
          value={entry}
          onChange={(e) => {
            setEntry(e.target.value);
            setProblem(null);
          }}
          onKeyDown={onKeyDown}
          placeholder="invoice.*"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "event-type-entry-error" : undefined}
          className={`${inputClass} max-w-xs font-mono`}
        />
        <Button variant="secondary" onClick={add}>
          Add
        </Button>
      </div>
      {problem ? (
        <p id="event-type-entry-error" className="mt-1 text-xs font-medium text-red-600">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
