// Event types are platform-wide: the catalogue endpoints subscribe to.
import type { DbClient } from "../../db/client";
import { newId } from "../../lib/ids";
import { eventTypesRepo } from "./event-type.repo";

export type EventTypeInput = { name: string; description?: string };

/** Creates the types that are missing; leaves existing ones untouched. Returns the names created. */
export async function ensureEventTypes(db: DbClient, types: EventTypeInput[]): Promise<string[]> {
  const repo = eventTypesRepo(db);
  const known = new Set(await repo.namesAmong(types.map((t) => t.name)));
  const missing = types.filter((t) => !known.has(t.name));
  if (missing.length) await repo.insertMissing(missing.map((t) => ({ id: newId("etp"), name: t.name, description: t.description ?? "" })));
  return missing.map((t) => t.name);
}
