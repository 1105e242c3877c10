import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http/api-error";
import { readText } from "@/server/http/read-body";
import { createLogger } from "@/server/logger";
import { PUBLISH_BODY_LIMIT } from "@/server/modules/events/event.schemas";
import { appRouter } from "@/server/trpc/app-router";

const log = createLogger("trpc");
const MAX_BATCH = 10;

async function handler(request: Request): Promise<Response> {
  // The body is read here, under a cap, so a huge batch never sits in memory whole.
  let body: string | undefined;
  try {
    body = request.method === "POST" ? await readText(request, MAX_BATCH * PUBLISH_BODY_LIMIT) : undefined;
  } catch (error) {
    return errorResponse(error, crypto.randomUUID());
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(request.url, { method: request.method, headers: request.headers, body }),
    router: appRouter,
    maxBatchSize: MAX_BATCH,
    createContext: () => ({ headers: request.headers }),
    // Rate-limit answers carry Retry-After and X-RateLimit-* here too, as on the REST route.
    responseMeta: ({ errors }) => {
      const cause = errors.map((error) => error.cause).find((c): c is AppError => c instanceof AppError && c.headers !== undefined);
      return cause?.headers ? { headers: new Headers(cause.headers) } : {};
    },
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") log.error({ err: error.cause ?? error, path }, "tRPC procedure failed");
    },
  });
}

export { handler as GET, handler as POST };
