// GET /api/health's body: liveness plus database reachability (200 when ok, 503 with a short reason).
import { z } from "zod";

export const healthReportResource = z.union([
  z.object({ status: z.literal("ok"), db: z.literal("ok") }),
  z.object({ status: z.literal("error"), db: z.literal("unreachable"), reason: z.string().describe("A short category; details are in the server log.") }),
]);
export type HealthReport = z.output<typeof healthReportResource>;
