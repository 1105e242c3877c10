// Every attempt of a delivery, oldest first: when, why (trigger), what came back, how long it took,
// and — folded away — the exact request headers, response headers and the start of the response body.
import type { ReactNode } from "react";
import { formatDuration } from "../format";
import { Badge, StatusBadge } from "../ui/badge";
import { LocalDateTime } from "../ui/time";
import { attemptOutcome, ERROR_KIND_WORDS, TRIGGER_WORDS, type Attempt } from "./attempt-words";

export function AttemptTimeline({ attempts }: { attempts: Attempt[] }) {
  return (
    <ol aria-label="Attempt timeline" className="relative space-y-4 border-l-2 border-slate-200 pl-6">
      {attempts.map((attempt) => (
        <AttemptItem key={attempt.id} attempt={attempt} />
      ))}
    </ol>
  );
}

function AttemptItem({ attempt }: { attempt: Attempt }) {
  const outcome = attemptOutcome(attempt);
  return (
    <li className="relative">
      <span aria-hidden="true" className={`absolute -left-[31px] top-1.5 h-3.5 w-3.5 rounded-full ring-4 ring-white ${outcome === "delivered" ? "bg-emerald-500" : "bg-red-500"}`} />
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <h3 className="font-semibold text-slate-900">Attempt {attempt.attempt_number}</h3>
          <Badge tone="blue">{attempt.trigger}</Badge>
          <StatusBadge status={outcome} />
          <span className="text-sm text-slate-600">{attempt.response_status !== null ? `HTTP ${attempt.response_status}` : "no response"}</span>
          <span className="text-sm text-slate-600">{formatDuration(attempt.duration_ms)}</span>
          <LocalDateTime iso={attempt.started_at} className="ml-auto text-sm text-slate-500" />
        </div>
        <p className="mt-1 text-xs text-slate-500">{TRIGGER_WORDS[attempt.trigger]}</p>
        {attempt.error ? (
          <div className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            <p className="font-medium">{ERROR_KIND_WORDS[attempt.error.kind]}</p>
            {attempt.error.message !== attempt.error.kind ? <p className="mt-0.5 break-words font-mono text-xs">{attempt.error.message}</p> : null}
          </div>
        ) : null}
        <div className="mt-3 space-y-2">
          <Fold summary="Request headers">
            <Headers headers={attempt.request_headers} />
          </Fold>
          <Fold summary="Response headers">{attempt.response_headers ? <Headers headers={attempt.response_headers} /> : <Nothing>No response was received.</Nothing>}</Fold>
          <Fold summary="Response body" open={outcome === "failed" && Boolean(attempt.response_body)}>
            {attempt.response_body ? (
              <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">{attempt.response_body}</pre>
            ) : (
              <Nothing>{attempt.response_status !== null ? "The response had an empty body." : "No response was received."}</Nothing>
            )}
          </Fold>
        </div>
      </div>
    </li>
  );
}

/** Folded by default; a failed attempt's response body starts open (it usually says why). */
function Fold({ summary, open = false, children }: { summary: string; open?: boolean; children: ReactNode }) {
  return (
    <details open={open} className="rounded-md border border-slate-200">
      <summary className="cursor-pointer select-none px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600">
        {summary}
      </summary>
      <div className="border-t border-slate-200 p-3">{children}</div>
    </details>
  );
}

function Headers({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <Nothing>No headers.</Nothing>;
  return (
    <dl className="grid gap-x-4 gap-y-1 font-mono text-xs sm:grid-cols-[minmax(8rem,max-content)_1fr]">
      {entries.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="font-semibold text-slate-700">{name}</dt>
          <dd className="break-all text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Nothing({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-500">{children}</p>;
}
