import { describe, expect, it } from "vitest";
import { hashToken, issueToken } from "./tokens";

describe("tokens", () => {
  it("issues a prefixed token whose hash is what gets stored", () => {
    const issued = issueToken("apiKey", new Uint8Array(24).fill(7));
    expect(issued.token).toMatch(/^hk_[A-Za-z0-9_-]{32}$/);
    expect(issued.token.startsWith(issued.prefix)).toBe(true);
    expect(issued.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.hash).toBe(hashToken(issued.token));
    expect(issueToken("apiKey", new Uint8Array(24).fill(8)).hash).not.toBe(issued.hash);
  });

  it("never issues the same token twice", () => {
    expect(issueToken("serviceToken").token).not.toBe(issueToken("serviceToken").token);
  });
});
