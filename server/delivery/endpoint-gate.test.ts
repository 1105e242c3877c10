import { describe, expect, it } from "vitest";
import { type Circuit } from "./circuit-breaker";
import { type EndpointGateState, gateBatch, type GateConfig, type GateDecision, type GateInput } from "./endpoint-gate";
import { type Pace } from "./pacing";

const T0 = 1_700_000_000_000;
const LEASE = 20_000;
const RETRY = 1_000;
const CONFIG: GateConfig = { ramp: { tauMs: 2_000, floorRate: 1, defaultTarget: 10 }, probeLeaseMs: LEASE, slackMs: 10, concurrencyRetryMs: RETRY };

const CLOSED: Circuit = { state: "closed" };
const OPEN: Circuit = { state: "open", openedAtMs: T0 - 10_000, cooldownMs: 30_000, probeAtMs: T0 + 20_000 };
const OPEN_DUE: Circuit = { state: "open", openedAtMs: T0 - 30_000, cooldownMs: 30_000, probeAtMs: T0 };
const HALF_OPEN_LIVE: Circuit = { state: "half_open", openedAtMs: T0 - 40_000, cooldownMs: 30_000, probeAtMs: T0 + 1 };
const HALF_OPEN_LAPSED: Circuit = { state: "half_open", openedAtMs: T0 - 40_000, cooldownMs: 30_000, probeAtMs: T0 - 1 };
const PROBING: Circuit = { state: "half_open", openedAtMs: T0 - 30_000, cooldownMs: 30_000, probeAtMs: T0 + LEASE };

const NO_PACE: Pace = { limitPerSecond: null, ramp: null };
const LIMIT_20: Pace = { limitPerSecond: 20, ramp: null };

const gate = (overrides: Partial<EndpointGateState> = {}): EndpointGateState => ({
  enabled: true,
  circuit: CLOSED,
  pace: NO_PACE,
  tatMs: null,
  concurrency: 10,
  inFlight: null,
  ...overrides,
});
const fresh = (n: number): GateInput[] => Array.from({ length: n }, () => ({ slotBooked: false }));
const booked = (n: number): GateInput[] => Array.from({ length: n }, () => ({ slotBooked: true }));

const SEND: GateDecision = { kind: "send", probe: false };
const PROBE: GateDecision = { kind: "send", probe: true };
const HOLD: GateDecision = { kind: "hold" };
const slot = (atMs: number): GateDecision => ({ kind: "defer", atMs, slotBooked: true });
const later = (slotBooked: boolean): GateDecision => ({ kind: "defer", atMs: T0 + RETRY, slotBooked });

type Expected = { decisions: GateDecision[]; circuit: Circuit; tatMs: number | null };

describe("gateBatch", () => {
  it.each<[string, EndpointGateState, GateInput[], Expected]>([
    // Disabled: everything held, nothing taken (not even a due probe or a booked slot).
    ["disabled: all held", gate({ enabled: false }), fresh(3), { decisions: [HOLD, HOLD, HOLD], circuit: CLOSED, tatMs: null }],
    [
      "disabled with a due probe: held, no probe taken",
      gate({ enabled: false, circuit: OPEN_DUE, pace: LIMIT_20, tatMs: T0 + 100 }),
      [...fresh(1), ...booked(1)],
      { decisions: [HOLD, HOLD], circuit: OPEN_DUE, tatMs: T0 + 100 },
    ],
    // Circuit.
    ["open before the cooldown: all held", gate({ circuit: OPEN }), fresh(3), { decisions: [HOLD, HOLD, HOLD], circuit: OPEN, tatMs: null }],
    ["open: booked deliveries are held too", gate({ circuit: OPEN }), booked(2), { decisions: [HOLD, HOLD], circuit: OPEN, tatMs: null }],
    ["open after the cooldown: exactly one probe, the rest held", gate({ circuit: OPEN_DUE }), fresh(3), { decisions: [PROBE, HOLD, HOLD], circuit: PROBING, tatMs: null }],
    [
      "the probe takes no rate slot",
      gate({ circuit: OPEN_DUE, pace: LIMIT_20, tatMs: T0 + 5_000 }),
      fresh(2),
      { decisions: [PROBE, HOLD], circuit: PROBING, tatMs: T0 + 5_000 },
    ],
    ["a booked delivery may be the probe", gate({ circuit: OPEN_DUE }), booked(2), { decisions: [PROBE, HOLD], circuit: PROBING, tatMs: null }],
    ["the probe ignores a full lowered concurrency", gate({ circuit: OPEN_DUE, concurrency: 1, inFlight: 1 }), fresh(2), { decisions: [PROBE, HOLD], circuit: PROBING, tatMs: null }],
    ["half-open with a live probe: all held", gate({ circuit: HALF_OPEN_LIVE }), fresh(2), { decisions: [HOLD, HOLD], circuit: HALF_OPEN_LIVE, tatMs: null }],
    [
      "half-open with a lapsed probe: one new probe",
      gate({ circuit: HALF_OPEN_LAPSED }),
      fresh(2),
      { decisions: [PROBE, HOLD], circuit: { ...HALF_OPEN_LAPSED, probeAtMs: T0 + LEASE }, tatMs: null },
    ],
    // Closed, no pace.
    ["closed without pace: all sent, no state", gate(), fresh(4), { decisions: [SEND, SEND, SEND, SEND], circuit: CLOSED, tatMs: null }],
    ["an empty batch", gate({ pace: LIMIT_20, tatMs: T0 + 50 }), [], { decisions: [], circuit: CLOSED, tatMs: T0 + 50 }],
    // Rate limit: GCRA slots.
    [
      "20/s, 10 deliveries: the first sent, the rest deferred to slots 50 ms apart",
      gate({ pace: LIMIT_20 }),
      fresh(10),
      { decisions: [SEND, ...Array.from({ length: 9 }, (_, i) => slot(T0 + 50 * (i + 1)))], circuit: CLOSED, tatMs: T0 + 500 },
    ],
    [
      "20/s with a 60 ms slack: slots within it are sent now",
      gate({ pace: LIMIT_20 }),
      fresh(4),
      { decisions: [SEND, SEND, slot(T0 + 100), slot(T0 + 150)], circuit: CLOSED, tatMs: T0 + 200 },
    ],
    [
      "20/s after earlier bookings: deferred behind them",
      gate({ pace: LIMIT_20, tatMs: T0 + 1_000 }),
      fresh(2),
      { decisions: [slot(T0 + 1_000), slot(T0 + 1_050)], circuit: CLOSED, tatMs: T0 + 1_100 },
    ],
    [
      "20/s after a quiet spell: the stale tat is not in the past",
      gate({ pace: LIMIT_20, tatMs: T0 - 60_000 }),
      fresh(2),
      { decisions: [SEND, slot(T0 + 50)], circuit: CLOSED, tatMs: T0 + 100 },
    ],
    [
      "a slot exactly at the slack is sent",
      gate({ pace: LIMIT_20, tatMs: T0 + 10 }),
      fresh(2),
      { decisions: [SEND, slot(T0 + 60)], circuit: CLOSED, tatMs: T0 + 110 },
    ],
    [
      "booked deliveries are sent without taking a new slot",
      gate({ pace: LIMIT_20, tatMs: T0 + 5_000 }),
      booked(3),
      { decisions: [SEND, SEND, SEND], circuit: CLOSED, tatMs: T0 + 5_000 },
    ],
    [
      "booked and new deliveries mixed",
      gate({ pace: LIMIT_20, tatMs: T0 + 1_000 }),
      [{ slotBooked: true }, { slotBooked: false }, { slotBooked: true }, { slotBooked: false }],
      { decisions: [SEND, slot(T0 + 1_000), SEND, slot(T0 + 1_050)], circuit: CLOSED, tatMs: T0 + 1_100 },
    ],
    [
      "a recovery ramp at its start: the floor (1/s), then the curve at the next slot",
      gate({ pace: { limitPerSecond: null, ramp: { startedAtMs: T0, targetRate: 50 } } }),
      fresh(2),
      { decisions: [SEND, slot(T0 + 1_000)], circuit: CLOSED, tatMs: T0 + 1_000 + 1_000 / (50 * (1 - Math.exp(-0.5))) },
    ],
    // AIMD-lowered concurrency.
    ["lowered concurrency full: all tried again later", gate({ concurrency: 3, inFlight: 3 }), fresh(2), { decisions: [later(false), later(false)], circuit: CLOSED, tatMs: null }],
    ["lowered concurrency full: booked deliveries keep their booking", gate({ concurrency: 3, inFlight: 3 }), [...booked(1), ...fresh(1)], { decisions: [later(true), later(false)], circuit: CLOSED, tatMs: null }],
    ["more in flight than allowed (just lowered): tried again later", gate({ concurrency: 2, inFlight: 5 }), fresh(1), { decisions: [later(false)], circuit: CLOSED, tatMs: null }],
    ["room for two: two sent, the rest tried again later", gate({ concurrency: 3, inFlight: 1 }), fresh(4), { decisions: [SEND, SEND, later(false), later(false)], circuit: CLOSED, tatMs: null }],
    [
      "concurrency full takes no rate slot",
      gate({ concurrency: 2, inFlight: 2, pace: LIMIT_20, tatMs: T0 + 200 }),
      fresh(2),
      { decisions: [later(false), later(false)], circuit: CLOSED, tatMs: T0 + 200 },
    ],
    [
      "deliveries deferred to a slot do not occupy concurrency",
      gate({ concurrency: 2, inFlight: 0, pace: LIMIT_20 }),
      [...fresh(3), ...booked(2)],
      { decisions: [SEND, slot(T0 + 50), slot(T0 + 100), SEND, later(true)], circuit: CLOSED, tatMs: T0 + 150 },
    ],
    ["inFlight unknown (at the cap): not counted", gate({ concurrency: 1, inFlight: null }), fresh(3), { decisions: [SEND, SEND, SEND], circuit: CLOSED, tatMs: null }],
  ])("%s", (name, state, deliveries, expected) => {
    const config = name.includes("60 ms slack") ? { ...CONFIG, slackMs: 60 } : CONFIG;
    expect(gateBatch(state, deliveries, T0, config)).toEqual(expected);
  });

  it("a second batch continues from the tat the first returned", () => {
    const first = gateBatch(gate({ pace: LIMIT_20 }), fresh(3), T0, CONFIG);
    const second = gateBatch(gate({ pace: LIMIT_20, tatMs: first.tatMs }), fresh(2), T0 + 20, CONFIG);
    expect(second.decisions).toEqual([slot(T0 + 150), slot(T0 + 200)]);
    expect(second.tatMs).toBe(T0 + 250);
  });

  it("20 deliveries a batch at 20/s: no second holds more than 20 sends and slots", () => {
    let tatMs: number | null = null;
    const times: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const nowMs = T0 + batch * 333;
      const result = gateBatch(gate({ pace: LIMIT_20, tatMs }), fresh(20), nowMs, CONFIG);
      tatMs = result.tatMs;
      for (const decision of result.decisions) {
        if (decision.kind === "send") times.push(nowMs);
        else if (decision.kind === "defer") times.push(decision.atMs);
      }
    }
    times.sort((a, b) => a - b);
    const worst = Math.max(...times.map((a) => times.filter((t) => t >= a && t < a + 1_000).length));
    expect(worst).toBeLessThanOrEqual(20);
  });

  // DESIGN §5 (recovery ramp) and this module's header ("deferred to the delivery's own GCRA slot"): a
  // backlog booked up to the ramp's end leaves no room before then. reserveSlot answers "now" for the
  // slot past the ramp's end and drops the tat, so these deliveries go out at once at the ramp's start.
  it("a backlog booked to the ramp's end: later deliveries wait behind it, none is sent at the ramp's start", () => {
    const ramp = { startedAtMs: T0, targetRate: 50 };
    const rampEnd = T0 + 5 * CONFIG.ramp.tauMs;
    const result = gateBatch(gate({ pace: { limitPerSecond: null, ramp }, tatMs: rampEnd - 1 }), fresh(3), T0, CONFIG);
    expect(result.decisions.map((d) => d.kind)).toEqual(["defer", "defer", "defer"]);
    for (const decision of result.decisions) if (decision.kind === "defer") expect(decision.atMs).toBeGreaterThanOrEqual(rampEnd - 1);
  });

  it("does not mutate its input", () => {
    const state = gate({ circuit: OPEN_DUE, pace: LIMIT_20, tatMs: T0, inFlight: 0 });
    const snapshot = structuredClone(state);
    gateBatch(state, fresh(3), T0, CONFIG);
    expect(state).toEqual(snapshot);
  });
});
