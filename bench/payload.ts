// A realistic event payload (~200 bytes of JSON data), the same in every scenario so the raw ceiling
// and the end-to-end runs move the same bytes.
export const BENCH_EVENT_TYPE = "invoice.paid";

export function samplePayload(sequence: number): Record<string, unknown> {
  return {
    invoice_id: `in_${String(sequence).padStart(12, "0")}`,
    customer_id: "cus_9s6XKzkNRiz8i3",
    amount_paid: 4_200 + (sequence % 100),
    currency: "eur",
    status: "paid",
    paid_at: "2026-01-15T10:24:03.000Z",
    lines: [{ price_id: "price_1MoBy5LkdIwHu7ix", quantity: 1 }],
  };
}
