// The publish request and the event resource. Payload limits are part of the contract.
import { z } from "zod";

export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** The raw request may carry the envelope around a maximal payload. */
export const PUBLISH_BODY_LIMIT = MAX_PAYLOAD_BYTES + 4 * 1024;

export const publishEventSchema = z.strictObject({
  tenant_id: z.string().min(1).max(64),
  type: z.string().min(1).max(128),
  data: z.record(z.string(), z.unknown()),
});
export type PublishEventInput = z.output<typeof publishEventSchema>;

export const idempotencyKeySchema = z.string().min(1).max(255).optional();

export type PublishedEvent = {
  id: string;
  type: string;
  tenant_id: string;
  timestamp: string;
  matched_endpoints: number;
};
