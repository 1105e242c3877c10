"use client";
// How the endpoint is doing now: its circuit (with the next probe while open), the last 24 h,
// the concurrency the workers allow it after back-pressure, a recovery ramp, and the newest attempt.
import Link from "next/link";
import type { RouterOutputs } from "../../server/trpc/app-router";
import { formatCount, formatDuration, formatPercent } from "../format";
import { CircuitBadge } from "../ui/badge";
import { DetailList } from "../ui/card";
import { Countdown, RelativeTime } from "../ui/time";

type Health = RouterOutputs["endpoints"]["health"];

export function HealthDetails({ health }: { health: Health }) {
  const { circuit, last_24h: day, concurrency, recovery_ramp: ramp, last_attempt: last } = health;
  return (
    <DetailList
      items={[
        [
          "Circuit",
          <span key="circuit" className="flex flex-wrap items-center gap-2">
            <CircuitBadge state={circuit.state} />
            {circuit.next_probe_at ? (
              <span className="text-xs text-slate-600" data-testid="next-probe">
                next probe <Countdown iso={circuit.next_probe_at} />
              </span>
            ) : null}
          </span>,
        ],
        [
          "Success rate (24 h)",
          day.attempts ? `${formatPercent(day.success_rate)} of ${formatCount(day.attempts)} attempt${day.attempts === 1 ? "" : "s"}` : "No attempts yet",
        ],
        ["Latency p50 / p95 (24 h)", `${formatDuration(day.latency_p50_ms)} / ${formatDuration(day.latency_p95_ms)}`],
        [
          "Concurrency",
          concurrency.effective < concurrency.max
            ? `${concurrency.effective} of ${concurrency.max} (lowered after timeouts or 429s)`
            : `${concurrency.max} in flight at most`,
        ],
        [
          "Recovery ramp",
          ramp ? `${ramp.current_per_second.toFixed(1)}/s, rising to ${ramp.target_per_second.toFixed(1)}/s` : "Not ramping",
        ],
        ["Last attempt", last ? <LastAttempt key="last" attempt={last} /> : "None yet"],
      ]}
    />
  );
}

function LastAttempt({ attempt }: { attempt: NonNullable<Health["last_attempt"]> }) {
  const outcome = attempt.response_status !== null ? `HTTP ${attempt.response_status}` : (attempt.error_kind ?? "no response");
  return (
    <span>
      <RelativeTime iso={attempt.started_at} /> · {outcome} · {formatDuration(attempt.duration_ms)} ·{" "}
      <Link href={`/deliveries/${attempt.delivery_id}`} prefetch={false} className="text-brand-700 hover:underline">
        view
      </Link>
    </span>
  );
}
