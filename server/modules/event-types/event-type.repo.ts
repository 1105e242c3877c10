import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";

export type NewEventType = { id: string; name: string; description: string; schema?: Prisma.InputJsonValue };

export function eventTypesRepo(db: DbClient) {
  return {
    namesAmong: async (names: string[]) =>
      (await db.eventType.findMany({ where: { name: { in: names } }, select: { name: true } })).map((t) => t.name),
    insertMissing: (types: NewEventType[]) => db.eventType.createMany({ data: types, skipDuplicates: true }),
    /** null when the name is taken. */
    insert: async (type: NewEventType) => {
      const created = await db.eventType.createManyAndReturn({ data: [type], skipDuplicates: true });
      return created[0] ?? null;
    },
    list: () => db.eventType.findMany({ orderBy: { name: "asc" } }),
  };
}
