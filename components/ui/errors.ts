// What the portal tells a user about a failed call: the server's message (written for them), and the
// field errors of a 422 keyed by field path, for inline display next to each input.
import { TRPCClientError } from "@trpc/client";

type ErrorData = { httpStatus?: number; details?: { field: string; message: string }[] | null };

function dataOf(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError ? (error.data as ErrorData | undefined) : undefined;
}

export function errorMessage(error: unknown): string {
  if (!error) return "";
  const status = httpStatusOf(error);
  if (error instanceof TRPCClientError && status === undefined) return "Could not reach Hookline. Check your connection and try again.";
  if (error instanceof Error) return error.message;
  return "Something went wrong. Try again.";
}

/** Field path ("headers.X-Foo", "event_types.0") → message; the first message per field wins. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const detail of dataOf(error)?.details ?? []) fields[detail.field] ??= detail.message;
  return fields;
}

/** The HTTP status a tRPC call failed with; undefined when it never got an answer (network). */
export function httpStatusOf(error: unknown): number | undefined {
  return dataOf(error)?.httpStatus;
}
