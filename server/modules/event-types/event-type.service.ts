// Event types are platform-wide: the catalogue endpoints subscribe to.
import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { AppError } from "../../errors";
import { newId } from "../../lib/ids";
import { eventTypesRepo } from "./event-type.repo";
import { type CreateEventTypeInput, toEventTypeResource } from "./event-type.schemas";

export type EventTypeInput = { name: string; description?: string };

/** Creates the types that are missing; leaves existing ones untouched. Returns the names created. */
export async function ensureEventTypes(db: DbClient, types: EventTypeInput[]): Promise<string[]> {
  const repo = eventTypesRepo(db);
  const known = new Set(await repo.namesAmong(types.map((t) => t.name)));
  const missing = types.filter((t) => !known.has(t.name));
  if (missing.length) await repo.insertMissing(missing.map((t) => ({ id: newId("etp"), name: t.name, description: t.description ?? "" })));
  return missing.map((t) => t.name);
}

export async function createEventType(db: DbClient, input: CreateEventTypeInput) {
  const row = await eventTypesRepo(db).insert({
    id: newId("etp"),
    name: input.name,
    description: input.description,
    ...(input.schema ? { schema: input.schema as Prisma.InputJsonValue } : {}),
  });
  if (!row) throw new AppError("conflict", `Event type "${input.name}" already exists.`);
  return toEventTypeResource(row);
}

export async function listEventTypes(db: DbClient) {
  return { data: (await eventTypesRepo(db).list()).map(toEventTypeResource), next_cursor: null };
}
