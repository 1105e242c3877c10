import { z } from "zod";

export const createServiceTokenSchema = z.strictObject({ name: z.string().trim().min(1).max(200) });
