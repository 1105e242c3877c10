// The gates one claimed batch passes, per endpoint (DESIGN §5): disabled → held; circuit open → held,
// or the one probe once the cooldown has passed; AIMD-lowered concurrency full → tried again shortly;
// rate limit or recovery ramp → deferred to the delivery's own GCRA slot (booked once, so a deferred
// delivery is never bounced again). Pure: the caller locks and stores the endpoint's state.
import { type Circuit, gateCircuit } from "./circuit-breaker";
import { type Pace, type RampConfig, reserveSlot } from "./pacing";

export type EndpointGateState = {
  enabled: boolean;
  circuit: Circuit;
  pace: Pace;
  tatMs: number | null;
  /** Whole deliveries allowed in flight (AIMD). */
  concurrency: number;
  /** Deliveries in flight now (live claims); null when the caller does not track them. */
  inFlight: number | null;
};

export type GateConfig = {
  ramp: RampConfig;
  /** How long a probe's claim lasts: the endpoint's timeout plus the claim margin. */
  probeLeaseMs: number;
  /** A slot this close is sent now rather than deferred. */
  slackMs: number;
  /** When lowered concurrency is full, look again after this long. */
  concurrencyRetryMs: number;
};

export type GateDecision =
  | { kind: "send"; probe: boolean }
  | { kind: "hold" }
  /** Not yet: run at `atMs`; `slotBooked` says the delivery holds its rate slot already. */
  | { kind: "defer"; atMs: number; slotBooked: boolean };

export type GateInput = { slotBooked: boolean };

export function gateBatch(
  state: EndpointGateState,
  deliveries: readonly GateInput[],
  nowMs: number,
  config: GateConfig,
): { decisions: GateDecision[]; circuit: Circuit; tatMs: number | null } {
  let { circuit, tatMs, inFlight } = state;
  const decisions = deliveries.map((delivery): GateDecision => {
    if (!state.enabled) return { kind: "hold" };
    const gate = gateCircuit(circuit, nowMs, config.probeLeaseMs);
    if (gate.kind === "hold") return { kind: "hold" };
    if (gate.kind === "probe") {
      circuit = gate.circuit;
      return { kind: "send", probe: true };
    }
    if (inFlight !== null && inFlight >= state.concurrency) return { kind: "defer", atMs: nowMs + config.concurrencyRetryMs, slotBooked: delivery.slotBooked };
    if (!delivery.slotBooked) {
      const slot = reserveSlot(tatMs, nowMs, state.pace, config.ramp);
      tatMs = slot.tatMs;
      if (slot.slotMs > nowMs + config.slackMs) return { kind: "defer", atMs: slot.slotMs, slotBooked: true };
    }
    if (inFlight !== null) inFlight += 1;
    return { kind: "send", probe: false };
  });
  return { decisions, circuit, tatMs };
}
