import { z } from "zod";

export const createTenantSchema = z.strictObject({ name: z.string().trim().min(1).max(200) });

export const createdTenantResource = z.object({
  tenant: z.object({ id: z.string(), name: z.string() }),
  api_key: z.string().describe("The tenant's first API key (\"Default key\"). Shown only in this response."),
});
export type CreatedTenant = z.output<typeof createdTenantResource>;
