import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { errorMessage, fieldErrorsOf, httpStatusOf } from "./errors";

function trpcError(message: string, data: Record<string, unknown> | undefined) {
  return TRPCClientError.from({ error: { message, code: -32600, data } } as never);
}

describe("portal error display", () => {
  it("keys a 422's field errors by path, first message per field", () => {
    const error = trpcError("Invalid request", {
      httpStatus: 422,
      details: [
        { field: "url", message: "Invalid URL" },
        { field: "headers.X-Foo", message: "reserved" },
        { field: "url", message: "second" },
      ],
    });
    expect(fieldErrorsOf(error)).toEqual({ url: "Invalid URL", "headers.X-Foo": "reserved" });
    expect(errorMessage(error)).toBe("Invalid request");
  });

  it("names a network failure as such, and reads the HTTP status", () => {
    expect(errorMessage(TRPCClientError.from(new Error("fetch failed")))).toMatch(/Could not reach Hookline/);
    expect(httpStatusOf(trpcError("gone", { httpStatus: 404 }))).toBe(404);
    expect(fieldErrorsOf(new Error("plain"))).toEqual({});
  });
});
