import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { router } from "./init";
import { apiKeysRouter } from "./routers/api-keys.router";
import { deliveriesRouter } from "./routers/deliveries.router";
import { endpointsRouter } from "./routers/endpoints.router";
import { eventTypesRouter } from "./routers/event-types.router";
import { eventsRouter } from "./routers/events.router";
import { replaysRouter } from "./routers/replays.router";
import { sessionRouter } from "./routers/session.router";

export const appRouter = router({
  events: eventsRouter,
  endpoints: endpointsRouter,
  deliveries: deliveriesRouter,
  replays: replaysRouter,
  apiKeys: apiKeysRouter,
  eventTypes: eventTypesRouter,
  session: sessionRouter,
});
export type AppRouter = typeof appRouter;
/** What each procedure takes and returns, for the portal's forms and views. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
