"use client";
// Times that move ("3 min ago", countdowns to a next retry or probe, ticking once a second), and
// absolute times and counts in the browser's own zone and locale.
import { useEffect, useState, useSyncExternalStore } from "react";
import { formatCount, formatDateTime, formatDuration } from "../format";

function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow(15_000);
  const hydrated = useHydrated();
  const ago = now - Date.parse(iso);
  return (
    <time dateTime={iso} title={hydrated ? formatDateTime(iso) : undefined} suppressHydrationWarning>
      {ago < 5_000 ? "just now" : `${formatDuration(Math.max(ago, 0)).replace(/ \d+ s$/, "")} ago`}
    </time>
  );
}

/** "in 42 s" until the moment, then "due now" (the worker picks it up within a moment). */
export function Countdown({ iso }: { iso: string }) {
  const now = useNow();
  const hydrated = useHydrated();
  const left = Date.parse(iso) - now;
  return (
    <time dateTime={iso} title={hydrated ? formatDateTime(iso) : undefined} suppressHydrationWarning>
      {left > 0 ? `in ${formatDuration(Math.ceil(left / 1_000) * 1_000)}` : "due now"}
    </time>
  );
}

// Absolute dates and formatted numbers follow the browser's time zone and locale, which the server
// cannot know: server HTML (and hydration) show a neutral form, the browser's own follows at once.
// Rendering the local form on the server would not match on hydration (React error #418).
const noSubscription = () => () => {};

/** False while hydrating server HTML; true afterwards and on client-side renders. */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

/** "10 Mar 2026, 1:34:56 pm" in the browser's zone; "2026-03-10 12:34 UTC" in server HTML; "—" for none. */
export function LocalDateTime({ iso, className }: { iso: string | null | undefined; className?: string }) {
  const hydrated = useHydrated();
  if (!iso) return <>{formatDateTime(iso)}</>;
  return (
    <time dateTime={iso} className={className}>
      {hydrated ? formatDateTime(iso) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`}
    </time>
  );
}

/** A count with the browser's digit grouping (plain digits in server HTML). */
export function LocalCount({ value }: { value: number }) {
  return <>{useHydrated() ? formatCount(value) : String(value)}</>;
}

/** Any other text that depends on the browser's locale or zone; `fallback` in server HTML. */
export function LocalText({ text, fallback = "" }: { text: () => string; fallback?: string }) {
  return <>{useHydrated() ? text() : fallback}</>;
}
