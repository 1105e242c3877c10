type Tone = "green" | "red" | "amber" | "blue" | "slate";

const TONES: Record<Tone, string> = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  blue: "bg-blue-50 text-blue-700 ring-blue-600/20",
  slate: "bg-slate-100 text-slate-700 ring-slate-500/20",
};

export function Badge({ tone = "slate", children }: { tone?: Tone; children: React.ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>{children}</span>;
}

const DELIVERY_TONES: Record<string, Tone> = {
  delivered: "green",
  failed: "red",
  cancelled: "slate",
  pending: "blue",
  sending: "blue",
  retrying: "amber",
  held: "amber",
};

/** A delivery's (or attempt's) status as a coloured label; the word itself carries the meaning. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={DELIVERY_TONES[status] ?? "slate"}>{status}</Badge>;
}

const CIRCUIT: Record<string, { tone: Tone; label: string }> = {
  closed: { tone: "green", label: "Healthy" },
  open: { tone: "red", label: "Circuit open" },
  half_open: { tone: "amber", label: "Probing" },
};

export function CircuitBadge({ state }: { state: string }) {
  const circuit = CIRCUIT[state] ?? { tone: "slate" as const, label: state };
  return <Badge tone={circuit.tone}>{circuit.label}</Badge>;
}
