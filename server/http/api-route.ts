// The REST transport in one wrapper: request id, Bearer authentication for the route's audience, the
// per-API-key request rate limit, and every error mapped to the DESIGN §6 envelope. Route files stay
// ~10 lines.
import { randomUUID } from "node:crypto";
import { db, type Db } from "../db/client";
import { env } from "../env";
import { authenticate, bearerToken, type Principal, type PrincipalKind } from "../modules/access/access.service";
import { takeApiRequest } from "../modules/access/api-rate-limit";
import { AppError } from "../errors";
import { isStorableText } from "../lib/clean-text";
import { errorResponse } from "./api-error";

export type RouteContext<K extends PrincipalKind> = {
  request: Request;
  requestId: string;
  principal: Extract<Principal, { kind: K }>;
  params: Record<string, string>;
  db: Db;
};

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

export function apiRoute<K extends PrincipalKind>(audience: K, handler: (ctx: RouteContext<K>) => Promise<Response>) {
  return async (request: Request, next: NextRouteContext): Promise<Response> => {
    const requestId = request.headers.get("x-request-id")?.slice(0, 64) || `req_${randomUUID().replaceAll("-", "")}`;
    let rateLimitHeaders: Record<string, string> | undefined;
    try {
      const client = db();
      const principal = await authenticate(client, bearerToken(request.headers.get("authorization")), audience, env().ADMIN_API_TOKEN);
      // Per API key, after authentication: unknown keys are refused with 401 and never get a bucket.
      const caller: Principal = principal;
      if (caller.kind === "tenant") rateLimitHeaders = takeApiRequest(caller.apiKeyId);
      const params = Object.fromEntries(Object.entries((await next?.params) ?? {}).map(([k, v]) => [k, String(v)]));
      // An id that could not even be stored cannot name anything.
      if (!Object.values(params).every(isStorableText)) throw new AppError("not_found", "No such resource in this tenant.");
      const response = await handler({ request, requestId, principal, params, db: client });
      response.headers.set("x-request-id", requestId);
      for (const [name, value] of Object.entries(rateLimitHeaders ?? {})) response.headers.set(name, value);
      return response;
    } catch (error) {
      return errorResponse(error, requestId, rateLimitHeaders);
    }
  };
}

/** JSON response in the API's snake_case shapes. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}
