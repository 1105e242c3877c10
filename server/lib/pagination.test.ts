import { describe, expect, it } from "vitest";
import { z } from "zod";
import { pageQuery, toPage } from "./pagination";

const query = z.strictObject(pageQuery);
const rows = (ids: string[]) => ids.map((id) => ({ id }));

describe("pagination", () => {
  it("returns a cursor only when a row beyond the page exists, and the cursor decodes to the last id", () => {
    const ids = ["ep_01JD0000000000000000000003", "ep_01JD0000000000000000000002", "ep_01JD0000000000000000000001"];
    const page = toPage(rows(ids), 2, (r) => r.id);
    expect(page.data).toEqual(ids.slice(0, 2));
    expect(query.parse({ cursor: page.next_cursor! }).cursor).toBe(ids[1]);
    expect(toPage(rows(ids.slice(0, 2)), 2, (r) => r.id).next_cursor).toBeNull();
  });

  it.each([["0"], ["101"], ["abc"]])("refuses limit=%s", (limit) => {
    expect(query.safeParse({ limit }).success).toBe(false);
  });

  it.each([["garbage"], [Buffer.from("not an id").toString("base64url")]])("refuses a cursor it did not issue: %s", (cursor) => {
    expect(query.safeParse({ cursor }).success).toBe(false);
  });

  it("defaults to 20 per page", () => {
    expect(query.parse({})).toEqual({ limit: 20, cursor: undefined });
  });
});
