// Cursor pagination over time-sortable ids, newest first. The cursor is the last id returned, so a
// page is "id < cursor": rows inserted meanwhile land before the first page and never shift later
// pages (no row twice, none skipped).
import { z } from "zod";

export const MAX_PAGE_SIZE = 100;

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20).describe(`Page size, at most ${MAX_PAGE_SIZE}.`),
  cursor: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return undefined;
      const id = Buffer.from(value, "base64url").toString("utf8");
      if (/^[a-z]+_[0-9A-Z]{26}$/.test(id)) return id;
      ctx.addIssue({ code: "custom", message: "not a cursor returned by this API" });
      return z.NEVER;
    })
    .describe("The next_cursor of the previous page."),
};

/** The list envelope of every list route, as a schema (OpenAPI); Page<T> is its output type. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next_cursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
  });
}
export type Page<T> = z.output<ReturnType<typeof pageSchema<z.ZodType<T>>>>;

/** Rows fetched with `limit + 1`: the extra row only says whether another page exists. */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, present: (row: R) => T): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    data: pageRows.map(present),
    next_cursor: rows.length > limit && last ? Buffer.from(last.id, "utf8").toString("base64url") : null,
  };
}
