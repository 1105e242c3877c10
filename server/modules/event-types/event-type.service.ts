// Event types are platform-wide: the catalogue endpoints subscribe to.
import type { DbClient } from "../../db/client";
import { newId } from "../../lib/ids";

export type EventTypeInput = { name: string; description?: string };

/** Creates the types that are missing; leaves existing ones untouched. Returns the names created. */
export async function ensureEventTypes(db: DbClient, types: EventTypeInput[]): Promise<string[]> {
  const existing = await db.eventType.findMany({ where: { name: { in: types.map((t) => t.name) } }, select: { name: true } });
  const known = new Set(existing.map((t) => t.name));
  const missing = types.filter((t) => !known.has(t.name));
  if (missing.length === 0) return [];
  await db.eventType.createMany({
    data: missing.map((t) => ({ id: newId("etp"), name: t.name, description: t.description ?? "" })),
    skipDuplicates: true,
  });
  return missing.map((t) => t.name);
}
