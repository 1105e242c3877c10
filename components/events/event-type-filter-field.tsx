"use client";
// The event-type filter of the lists: an exact type or a wildcard ("invoice.*", "*"). Checked in the
// browser with the server's rules so a half-typed filter never becomes a 422; applied 400 ms after
// typing stops, or at once on Enter.
import { useEffect, useEffectEvent, useState } from "react";
import { filterProblem } from "../endpoints/event-type-filters";
import { TextField } from "../ui/field";
import { useOnKeyChange } from "../ui/url-params";

/** No filter ("") or a well-formed one. */
const problemOf = (value: string): string | undefined => (value === "" ? undefined : (filterProblem(value) ?? undefined));

export function EventTypeFilterField({ id, label = "Event type", value, onCommit }: { id: string; label?: string; value: string; onCommit: (value: string | null) => void }) {
  const [text, setText] = useState(value);
  useOnKeyChange(value, () => setText(value)); // the URL changed elsewhere (Clear filters, back/forward)
  const trimmed = text.trim();
  const problem = problemOf(trimmed);
  const commit = useEffectEvent((filter: string) => onCommit(filter || null));
  useEffect(() => {
    if (trimmed === value || problem) return;
    const timer = setTimeout(() => commit(trimmed), 400);
    return () => clearTimeout(timer);
  }, [trimmed, value, problem]);
  return (
    <TextField
      id={id}
      label={label}
      placeholder="invoice.paid or invoice.*"
      autoComplete="off"
      spellCheck={false}
      value={text}
      error={problem}
      hint="Exact, or a wildcard like invoice.*"
      onChange={(event) => setText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter" && !problem && trimmed !== value) onCommit(trimmed || null);
      }}
    />
  );
}
