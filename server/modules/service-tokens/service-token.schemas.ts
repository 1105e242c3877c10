import { z } from "zod";

export const createServiceTokenSchema = z.strictObject({ name: z.string().trim().min(1).max(200) });

export const createdServiceTokenResource = z.object({
  id: z.string(),
  token: z.string().describe("The service token. Shown only in this response; stored hashed."),
});
export type CreatedServiceToken = z.output<typeof createdServiceTokenResource>;
