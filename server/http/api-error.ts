// Maps anything thrown by a route to the error envelope of DESIGN §6, in exactly one place.
import { ZodError } from "zod";
import { AppError } from "../errors";
import { createLogger } from "../logger";

const log = createLogger("http");

export type FieldError = { field: string; message: string };

/** Zod issues as field-named errors ("url", "headers.X-Foo", "event_types.2"). */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join(".") : (unknownKeysOf(issue) ?? "body"),
    message: issue.message,
  }));
}

function unknownKeysOf(issue: ZodError["issues"][number]): string | undefined {
  return issue.code === "unrecognized_keys" ? issue.keys.join(", ") : undefined;
}

/** A zod failure as the one AppError every transport understands. */
export function validationError(error: ZodError): AppError {
  const details = fieldErrors(error);
  const summary = details.map((d) => `${d.field}: ${d.message}`).join("; ");
  return new AppError("unprocessable", `Invalid request: ${summary}`, details);
}

export function errorResponse(error: unknown, requestId: string, headers?: HeadersInit): Response {
  const appError = toAppError(error, requestId);
  const body = {
    error: { code: appError.code, message: appError.message, details: appError.details ?? null, request_id: requestId },
  };
  const merged = new Headers(headers);
  for (const [name, value] of Object.entries(appError.headers ?? {})) merged.set(name, value);
  merged.set("x-request-id", requestId);
  return Response.json(body, { status: appError.status, headers: merged });
}

function toAppError(error: unknown, requestId: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return validationError(error);
  log.error({ err: error, requestId }, "unhandled error in API route");
  return new AppError("internal", "Something went wrong on our side; retry, and quote the request_id if it persists.");
}
