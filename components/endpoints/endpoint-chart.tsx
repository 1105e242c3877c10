"use client";
// The endpoint's last 24 hours, hour by hour: successes and failures as stacked bars (left axis) and
// the p95 latency as a line (right axis). Drawn at its real pixel width; the same numbers are in a
// table for screen readers and for anyone who wants exact values.
import type { RouterOutputs } from "../../server/trpc/app-router";
import { formatCount, formatDuration, formatHour } from "../format";
import { useElementWidth } from "../ui/use-element-width";
import { linearScale, niceTicks } from "./chart-scale";

type Hour = RouterOutputs["endpoints"]["stats"][number];

const HEIGHT = 240;
const MARGIN = { top: 24, right: 56, bottom: 28, left: 44 };
const COLORS = { success: "#10b981", failure: "#ef4444", latency: "oklch(0.49 0.21 265)" };

export function chartSummary(hours: Hour[]): string {
  const successes = hours.reduce((n, h) => n + h.successes, 0);
  const failures = hours.reduce((n, h) => n + h.failures, 0);
  const p95s = hours.map((h) => h.latency_p95_ms).filter((ms): ms is number => ms !== null);
  const latency = p95s.length ? `; hourly p95 latency from ${formatDuration(Math.min(...p95s))} to ${formatDuration(Math.max(...p95s))}` : "";
  return `Last 24 hours: ${formatCount(successes)} successful and ${formatCount(failures)} failed attempts${latency}.`;
}

export function EndpointChart({ hours }: { hours: Hour[] }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(640);
  const summary = chartSummary(hours);
  return (
    <figure>
      <div ref={ref} className="w-full">
        <ChartSvg hours={hours} width={width} summary={summary} />
      </div>
      <figcaption className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        <LegendSwatch color={COLORS.success} label="Successes" />
        <LegendSwatch color={COLORS.failure} label="Failures" />
        <LegendSwatch color={COLORS.latency} label="p95 latency (right axis)" line />
      </figcaption>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">Show the numbers as a table</summary>
        <ChartTable hours={hours} />
      </details>
    </figure>
  );
}

function LegendSwatch({ color, label, line = false }: { color: string; label: string; line?: boolean }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden="true" className={line ? "h-0.5 w-4" : "h-3 w-3 rounded-sm"} style={{ backgroundColor: color }} />
      {label}
    </span>
  );
}

function ChartSvg({ hours, width, summary }: { hours: Hour[]; width: number; summary: string }) {
  const plot = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom };
  const band = (plot.right - plot.left) / Math.max(hours.length, 1);
  const countTicks = niceTicks(Math.max(...hours.map((h) => h.successes + h.failures), 0), { integer: true });
  const maxLatency = Math.max(...hours.map((h) => h.latency_p95_ms ?? 0), 0);
  // Without any latency there is no right axis to read: its labels would be made up.
  const msTicks = maxLatency > 0 ? niceTicks(maxLatency) : [];
  const msTop = msTicks.at(-1) ?? 1;
  const yCount = linearScale(countTicks.at(-1)!, plot.top, plot.bottom);
  const yMs = linearScale(msTop, plot.top, plot.bottom);
  const x = (i: number) => plot.left + band * i;
  const labelEvery = width < 480 ? 6 : 3;
  const empty = hours.every((h) => h.attempts === 0);

  return (
    <svg width={width} height={HEIGHT} role="img" aria-labelledby="endpoint-chart-title" className="block max-w-full overflow-visible">
      <title id="endpoint-chart-title">{summary}</title>
      {countTicks.map((t) => (
        <g key={`c${t}`}>
          <line x1={plot.left} x2={plot.right} y1={yCount(t)} y2={yCount(t)} stroke="#e2e8f0" />
          <text x={plot.left - 6} y={yCount(t)} dy="0.32em" textAnchor="end" className="fill-slate-500 text-[10px]">
            {formatCount(t)}
          </text>
        </g>
      ))}
      {msTicks.map((t, i) => (
        <text key={`m${t}`} x={plot.right + 6} y={yMs(t)} dy="0.32em" className="fill-slate-500 text-[10px]" visibility={i === 0 && msTicks.length > 1 ? "hidden" : undefined}>
          {formatDuration(t)}
        </text>
      ))}
      {hours.map((h, i) => {
        const barX = x(i) + band * 0.15;
        const barWidth = Math.max(band * 0.7, 1);
        return (
          <g key={h.hour}>
            <rect x={barX} width={barWidth} y={yCount(h.successes)} height={plot.bottom - yCount(h.successes)} fill={COLORS.success} />
            <rect x={barX} width={barWidth} y={yCount(h.successes + h.failures)} height={yCount(h.successes) - yCount(h.successes + h.failures)} fill={COLORS.failure} />
            {i % labelEvery === 0 ? (
              <text x={x(i) + band / 2} y={plot.bottom + 16} textAnchor="middle" className="fill-slate-500 text-[10px]">
                {formatHour(h.hour)}
              </text>
            ) : null}
          </g>
        );
      })}
      <LatencyLine hours={hours} x={(i) => x(i) + band / 2} y={yMs} />
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="#94a3b8" />
      <text x={plot.left} y={plot.top - 12} textAnchor="middle" className="fill-slate-500 text-[10px]">
        attempts
      </text>
      {msTicks.length ? (
        <text x={plot.right + 6} y={plot.top - 12} className="fill-slate-500 text-[10px]">
          p95
        </text>
      ) : null}
      {empty ? (
        <text x={(plot.left + plot.right) / 2} y={(plot.top + plot.bottom) / 2} textAnchor="middle" className="fill-slate-400 text-sm">
          No attempts in the last 24 hours
        </text>
      ) : null}
    </svg>
  );
}

/** Segments between hours that have a p95 (an hour without attempts breaks the line), with a dot each. */
function LatencyLine({ hours, x, y }: { hours: Hour[]; x: (i: number) => number; y: (ms: number) => number }) {
  const segments: string[][] = [];
  let current: string[] = [];
  hours.forEach((h, i) => {
    if (h.latency_p95_ms === null) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push(`${x(i)},${y(h.latency_p95_ms)}`);
  });
  if (current.length) segments.push(current);
  return (
    <g fill="none" stroke={COLORS.latency} strokeWidth={2}>
      {segments.map((points) => (
        <polyline key={points[0]} points={points.join(" ")} strokeLinejoin="round" />
      ))}
      {hours.map((h, i) =>
        h.latency_p95_ms === null ? null : <circle key={h.hour} cx={x(i)} cy={y(h.latency_p95_ms)} r={2.5} fill={COLORS.latency} stroke="white" strokeWidth={1} />,
      )}
    </g>
  );
}

function ChartTable({ hours }: { hours: Hour[] }) {
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="min-w-full text-left text-xs tabular-nums">
        <caption className="sr-only">Attempts per hour over the last 24 hours</caption>
        <thead className="text-slate-500">
          <tr>
            {["Hour", "Attempts", "Successes", "Failures", "p50 latency", "p95 latency"].map((label) => (
              <th key={label} scope="col" className="px-2 py-1 font-medium">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {hours.map((h) => (
            <tr key={h.hour}>
              <th scope="row" className="px-2 py-1 font-normal">
                {formatHour(h.hour)}
              </th>
              <td className="px-2 py-1">{formatCount(h.attempts)}</td>
              <td className="px-2 py-1">{formatCount(h.successes)}</td>
              <td className="px-2 py-1">{formatCount(h.failures)}</td>
              <td className="px-2 py-1">{formatDuration(h.latency_p50_ms)}</td>
              <td className="px-2 py-1">{formatDuration(h.latency_p95_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
