// tRPC's one place for context and error mapping: AppError codes become tRPC codes (and thus HTTP
// statuses), zod failures keep their field list. Procedures stay a few lines over the services:
// tokenProcedure for internal publishers (Bearer), tenantProcedure for the portal (session cookie).
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { db } from "../db/client";
import { env } from "../env";
import { AppError, type ErrorCode } from "../errors";
import { fieldErrors, validationError } from "../http/api-error";
import { refuseUnstorableText } from "../lib/clean-text";
import { authenticate, bearerToken, type PrincipalKind } from "../modules/access/access.service";
import { portalMember, requirePortalSession } from "./portal-session";

export type TrpcContext = { headers: Headers };

const TRPC_CODE: Record<ErrorCode, TRPCError["code"]> = {
  invalid_request: "BAD_REQUEST",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  payload_too_large: "PAYLOAD_TOO_LARGE",
  unprocessable: "UNPROCESSABLE_CONTENT",
  rate_limited: "TOO_MANY_REQUESTS",
  internal: "INTERNAL_SERVER_ERROR",
  unavailable: "SERVICE_UNAVAILABLE",
};

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const details = cause instanceof ZodError ? fieldErrors(cause) : cause instanceof AppError ? cause.details : undefined;
    const code = cause instanceof AppError ? cause.code : undefined;
    // Unexpected errors keep their details in the server log, not in the caller's hands.
    const message = error.code === "INTERNAL_SERVER_ERROR" && !code ? "Something went wrong on our side; retry shortly." : shape.message;
    return { ...shape, message, data: { ...shape.data, appCode: code ?? null, details: details ?? null, stack: undefined } };
  },
});

export const router = t.router;

/**
 * Input that fails its schema is 422 naming the fields, as on REST (tRPC's own answer is 400). An
 * outer middleware sees the input parser's failure as the result of next().
 */
const validatedProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === "BAD_REQUEST" && result.error.cause instanceof ZodError)
    throw new TRPCError({ code: "UNPROCESSABLE_CONTENT", message: validationError(result.error.cause).message, cause: result.error.cause });
  return result;
});

/** Runs a service call, turning its AppError into the matching TRPCError. */
export async function callService<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
    throw error;
  }
}

/** A procedure whose caller authenticates with a Bearer token of the given kind. */
export function tokenProcedure<K extends PrincipalKind>(kind: K) {
  return validatedProcedure.use(async ({ ctx, next }) => {
    const principal = await callService(() => authenticate(db(), bearerToken(ctx.headers.get("authorization")), kind, env().ADMIN_API_TOKEN));
    return next({ ctx: { ...ctx, principal } });
  });
}

/** The portal, before a tenant is chosen: any signed-in user (who they are, which tenants they have). */
export const sessionProcedure = validatedProcedure.use(async ({ ctx, next }) => {
  const session = await callService(() => requirePortalSession(ctx.headers, env()));
  return next({ ctx: { ...ctx, db: db(), userId: session.userId } });
});

/**
 * The portal: a user signed in with next-auth (session cookie), acting in a tenant they are a member
 * of (the session's, or the one the x-hookline-tenant header names). No session → UNAUTHORIZED; not a
 * member → FORBIDDEN. Input text PostgreSQL cannot store is refused naming the field, as on REST.
 */
export const tenantProcedure = validatedProcedure.use(async ({ ctx, next, getRawInput }) => {
  const client = db();
  const member = await callService(() => portalMember(client, ctx.headers, env()));
  await callService(async () => refuseUnstorableText(await getRawInput()));
  return next({ ctx: { ...ctx, db: client, tenantId: member.tenantId, userId: member.userId, role: member.role } });
});
