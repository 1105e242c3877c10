// Axis scales for the endpoint chart: round tick steps (1, 2 or 5 × 10^n) so labels read naturally.

/** Ticks from 0 to a round top that covers `max`, about `count` steps; `integer` for counts (no 0.5). */
export function niceTicks(max: number, { count = 4, integer = false } = {}): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = integer ? Math.max(max / count, 1) : max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Maps a value in [0, top] to a y coordinate in [bottom, top of the plot]. */
export function linearScale(top: number, plotTop: number, plotBottom: number): (value: number) => number {
  return (value) => plotBottom - (value / top) * (plotBottom - plotTop);
}
