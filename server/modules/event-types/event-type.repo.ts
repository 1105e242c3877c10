import type { DbClient } from "../../db/client";

export type NewEventType = { id: string; name: string; description: string };

export function eventTypesRepo(db: DbClient) {
  return {
    namesAmong: async (names: string[]) =>
      (await db.eventType.findMany({ where: { name: { in: names } }, select: { name: true } })).map((t) => t.name),
    insertMissing: (types: NewEventType[]) => db.eventType.createMany({ data: types, skipDuplicates: true }),
  };
}
