// The id a REST route takes from its path, as a field of the procedure's input.
import { z } from "zod";

export const resourceId = z.string().min(1).max(64);

/** Input of procedures whose REST route has only the path's id. */
export const idInput = z.strictObject({ id: resourceId });
