// Reads a JSON request body with a byte cap: too large → 413, malformed → 400, invalid → 422 naming
// the field. Reading is cut off at the cap, so a huge body never sits in memory whole.
import type { z } from "zod";
import { AppError } from "../errors";
import { refuseUnstorableText } from "../lib/clean-text";
import { validationError } from "./api-error";

export const DEFAULT_BODY_LIMIT = 64 * 1024;

export async function readJson<S extends z.ZodType>(request: Request, schema: S, limitBytes = DEFAULT_BODY_LIMIT): Promise<z.output<S>> {
  const text = await readText(request, limitBytes);
  let parsed: unknown;
  try {
    parsed = text === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_request", `Malformed JSON body: ${(error as Error).message}`, [{ field: "body", message: "not valid JSON" }]);
  }
  refuseUnstorableText(parsed);
  const result = schema.safeParse(parsed);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

export async function readText(request: Request, limitBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw tooLarge(limitBytes);
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel();
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(limitBytes: number): AppError {
  return new AppError("payload_too_large", `Request body is larger than ${Math.round(limitBytes / 1024)} KiB.`);
}

/** Query-string parameters through a zod schema (422 naming the parameter; each at most once). */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const search = new URL(request.url).searchParams;
  const repeated = [...new Set([...search.keys()].filter((key) => search.getAll(key).length > 1))];
  if (repeated.length)
    throw new AppError(
      "unprocessable",
      `Invalid request: ${repeated.join(", ")} given more than once; pass one value (lists are comma-separated, e.g. status=failed,retrying).`,
      repeated.map((field) => ({ field, message: "given more than once" })),
    );
  const params = Object.fromEntries(search);
  refuseUnstorableText(params);
  const result = schema.safeParse(params);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
