// A determinate progress bar with its accessible name and value (0..100), for replays and other long work.
export function ProgressBar({ label, ratio, tone = "brand" }: { label: string; ratio: number; tone?: "brand" | "green" | "slate" }) {
  const percent = Math.round(Math.min(1, Math.max(0, ratio)) * 100);
  const fill = { brand: "bg-brand-600", green: "bg-emerald-500", slate: "bg-slate-400" }[tone];
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent} %`}
      className="h-2.5 w-full overflow-hidden rounded-full bg-slate-100 ring-1 ring-inset ring-slate-200"
    >
      <div className={`h-full rounded-full transition-[width] duration-500 ${fill}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
