// The App Router handler of a documented operation, found on disk as Next finds it:
// "/api/v1/endpoints/{id}" → app/api/v1/endpoints/[id]/route.ts, export GET/POST/….
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { callRoute } from "./call-route";

export type RouteHandler = Parameters<typeof callRoute>[0];

export async function routeHandler(method: string, template: string): Promise<RouteHandler> {
  const file = join(process.cwd(), "app", ...template.split("/").filter(Boolean).map((s) => s.replace(/^\{(\w+)\}$/, "[$1]")), "route.ts");
  const module = (await import(pathToFileURL(file).href)) as Record<string, RouteHandler>;
  const handler = module[method.toUpperCase()];
  if (!handler) throw new Error(`${file} exports no ${method.toUpperCase()}`);
  return handler;
}
