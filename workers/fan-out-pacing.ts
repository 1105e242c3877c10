// Fresh deliveries to an endpoint with a rate limit or a recovery ramp are booked to their GCRA slots
// as they are created (DESIGN §5: scheduled to their slot, not fetched and bounced): their jobs start
// at the slot, so a backlog of thousands costs one job each and is fetched only when due.
import type { Sql } from "../server/db/sql";
import { bookSlots, type RampConfig } from "../server/delivery/pacing";
import { type CreatedDelivery, type MatchedEndpoint, scheduleDeliveries } from "../server/modules/deliveries/fan-out.repo";
import { lockEndpointGates, saveGateStates } from "../server/modules/deliveries/delivery-claim.repo";
import { paceOf } from "../server/modules/isolation/endpoint-runtime.repo";

/**
 * Slots start this far ahead when the endpoint is idle: the transaction commits a moment after booking,
 * and slots already past by then would all go out at once.
 */
const BOOKING_LEAD_MS = 500;

/** Slot per delivery id, for the created deliveries of paced endpoints (enabled, circuit closed). */
export async function bookFanOutSlots(tx: Sql, created: CreatedDelivery[], matched: MatchedEndpoint[], ramp: RampConfig): Promise<Map<string, Date>> {
  const pacedIds = new Set(matched.filter((m) => m.paced).map((m) => `${m.tenantId}/${m.endpointId}`));
  const paced = created.filter((d) => d.status === "pending" && pacedIds.has(`${d.tenantId}/${d.endpointId}`));
  const booked = new Map<string, Date>();
  if (!paced.length) return booked;
  const keys = [...new Map(paced.map((d) => [`${d.tenantId}/${d.endpointId}`, { tenantId: d.tenantId, endpointId: d.endpointId }])).values()];
  const { gates, nowMs } = await lockEndpointGates(tx, keys);
  const tats = [];
  for (const gate of gates) {
    if (!gate.enabled || gate.circuitState !== "closed") continue; // the claim holds these
    const mine = paced.filter((d) => d.tenantId === gate.tenantId && d.endpointId === gate.endpointId).sort((a, b) => (a.id < b.id ? -1 : 1));
    const { slots, tatMs } = bookSlots(gate.rateTat?.getTime() ?? null, mine.length, nowMs + BOOKING_LEAD_MS, paceOf(gate), ramp);
    if (tatMs === null) continue;
    mine.forEach((d, i) => booked.set(d.id, new Date(slots[i] as number)));
    tats.push({ tenantId: gate.tenantId, endpointId: gate.endpointId, circuitState: gate.circuitState, circuitProbeAt: gate.circuitProbeAt, rateTat: new Date(tatMs) });
  }
  await saveGateStates(tx, tats);
  await scheduleDeliveries(tx, paced.filter((d) => booked.has(d.id)).map((d) => ({ tenantId: d.tenantId, id: d.id, at: booked.get(d.id) as Date })));
  return booked;
}
