"use client";
// Times that move: "3 min ago", and countdowns to a next retry or probe, ticking once a second.
import { useEffect, useState } from "react";
import { formatDateTime, formatDuration } from "../format";

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
  const ago = now - Date.parse(iso);
  return (
    <time dateTime={iso} title={formatDateTime(iso)} suppressHydrationWarning>
      {ago < 5_000 ? "just now" : `${formatDuration(Math.max(ago, 0)).replace(/ \d+ s$/, "")} ago`}
    </time>
  );
}

/** "in 42 s" until the moment, then "due now" (the worker picks it up within a moment). */
export function Countdown({ iso }: { iso: string }) {
  const now = useNow();
  const left = Date.parse(iso) - now;
  return (
    <time dateTime={iso} title={formatDateTime(iso)} suppressHydrationWarning>
      {left > 0 ? `in ${formatDuration(Math.ceil(left / 1_000) * 1_000)}` : "due now"}
    </time>
  );
}
