// Parses human durations ("500ms", "5s", "5m", "2h", "3d") into milliseconds. Pure.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

export const DURATION_FORM = 'a number with a unit: ms, s, m, h or d (e.g. "500ms", "30s", "5m", "2h", "5d")';

export type ParsedDuration = { ok: true; ms: number } | { ok: false; error: string };

export function parseDuration(text: string): ParsedDuration {
  const match = DURATION.exec(text.trim());
  if (!match) return { ok: false, error: `"${text}" is not ${DURATION_FORM}` };
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (!Number.isFinite(ms)) return { ok: false, error: `"${text}" is too large` };
  return { ok: true, ms: Math.round(ms) };
}

export type ParsedDurationList = { ok: true; ms: number[] } | { ok: false; error: string };

/** A comma-separated list such as "5s,5m,30m". */
export function parseDurationList(text: string): ParsedDurationList {
  const parts = text.split(",").map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => part === "")) {
    return { ok: false, error: `"${text}" is not a comma-separated list of durations (e.g. "5s,5m,30m")` };
  }
  const ms: number[] = [];
  for (const part of parts) {
    const parsed = parseDuration(part);
    if (!parsed.ok) return { ok: false, error: `${parsed.error}; expected a comma-separated list like "5s,5m,30m"` };
    ms.push(parsed.ms);
  }
  return { ok: true, ms };
}

