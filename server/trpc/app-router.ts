import { router } from "./init";
import { eventsRouter } from "./routers/events.router";

export const appRouter = router({ events: eventsRouter });
export type AppRouter = typeof appRouter;
