"use client";
// A time-range filter kept in the URL: `range` = 1h | 24h | 7d | custom; a custom range adds `since` and
// `until` (ISO instants). Presets are "the last N", so their start moves with the clock (to the minute,
// which keeps a list's query stable between its refreshes).
import { SelectField, TextField } from "./field";

const HOUR = 3_600_000;
export const TIME_RANGE_PRESETS: Record<string, { label: string; ms: number }> = {
  "1h": { label: "Last 1 hour", ms: HOUR },
  "24h": { label: "Last 24 hours", ms: 24 * HOUR },
  "7d": { label: "Last 7 days", ms: 7 * 24 * HOUR },
};

export type TimeRangeParams = { range: string | null; since: string | null; until: string | null };
export type TimeWindow = { since?: string; until?: string };

const validInstant = (value: string | null): value is string => value !== null && !Number.isNaN(Date.parse(value));

/** The window the list asks for, or why it cannot ask (an inverted or unreadable custom range). */
export function timeWindow(params: TimeRangeParams, nowMs: number): { window: TimeWindow; problem?: string } {
  const preset = params.range ? TIME_RANGE_PRESETS[params.range] : undefined;
  if (preset) return { window: { since: new Date(Math.floor(nowMs / 60_000) * 60_000 - preset.ms).toISOString() } };
  if (params.range !== "custom") return { window: {} };
  const window: TimeWindow = {};
  if (params.since) {
    if (!validInstant(params.since)) return { window, problem: "The start of the custom range is not a date." };
    window.since = new Date(params.since).toISOString();
  }
  if (params.until) {
    if (!validInstant(params.until)) return { window, problem: "The end of the custom range is not a date." };
    window.until = new Date(params.until).toISOString();
  }
  if (window.since && window.until && window.since >= window.until) return { window, problem: "The custom range ends before it starts: pick an end after the start." };
  return { window };
}

/** ISO instant → the value of a datetime-local input (the browser's time zone). */
export function toLocalInput(iso: string | null): string {
  if (!validInstant(iso)) return "";
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const fromLocalInput = (value: string): string | null => (value && validInstant(value) ? new Date(value).toISOString() : null);

export function TimeRangeFields({ idPrefix, params, onChange }: { idPrefix: string; params: TimeRangeParams; onChange: (changes: Partial<TimeRangeParams>) => void }) {
  return (
    <>
      <SelectField
        id={`${idPrefix}-range`}
        label="Time range"
        value={params.range ?? ""}
        onChange={(event) => onChange(event.target.value === "custom" ? { range: "custom" } : { range: event.target.value || null, since: null, until: null })}
      >
        <option value="">Any time</option>
        {Object.entries(TIME_RANGE_PRESETS).map(([value, preset]) => (
          <option key={value} value={value}>
            {preset.label}
          </option>
        ))}
        <option value="custom">Custom…</option>
      </SelectField>
      {params.range === "custom" ? (
        <>
          <TextField id={`${idPrefix}-since`} label="Since" type="datetime-local" value={toLocalInput(params.since)} onChange={(event) => onChange({ since: fromLocalInput(event.target.value) })} />
          <TextField id={`${idPrefix}-until`} label="Until" type="datetime-local" value={toLocalInput(params.until)} onChange={(event) => onChange({ until: fromLocalInput(event.target.value) })} />
        </>
      ) : null}
    </>
  );
}
