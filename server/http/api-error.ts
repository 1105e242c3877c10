// Maps anything thrown by a route to the error envelope of DESIGN §6, in exactly one place.
import { z, ZodError } from "zod";
import { AppError, ERROR_STATUS, type ErrorCode } from "../errors";
import { createLogger } from "../logger";

const log = createLogger("http");

const fieldErrorSchema = z.object({
  field: z.string().describe('The field: a dotted path into the body ("headers.X-Foo", "event_types.2"), a query parameter or a header name.'),
  message: z.string(),
});
export type FieldError = z.output<typeof fieldErrorSchema>;

/** The one error body of every route (OpenAPI's Error component; errorResponse is typed by it). */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().describe("For people: what went wrong and what to do."),
    details: z.array(fieldErrorSchema).nullable().describe("400 and 422: one entry per invalid field; otherwise null."),
    request_id: z.string().describe("Also in the X-Request-Id header; quote it when asking for help."),
  }),
});

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
  // AppError's details are field errors wherever they are set (validation, malformed JSON, bad header).
  const details = (appError.details ?? null) as FieldError[] | null;
  const body: z.output<typeof errorEnvelopeSchema> = { error: { code: appError.code, message: appError.message, details, request_id: requestId } };
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
