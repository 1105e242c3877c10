import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { REDACTED_PATHS, redactDatabaseUrl } from "./logger";

function logLine(object: object): string {
  let out = "";
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk), done()) });
  pino({ redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, sink).info(object, "x");
  return out;
}

describe("log redaction", () => {
  it("never writes secrets, tokens or signature headers", () => {
    const line = logLine({
      secret: "whsec_abc",
      endpoint: { secret: "whsec_def" },
      token: "hst_ghi",
      apiKey: "hk_jkl",
      request: { headers: { authorization: "Bearer hk_mno", cookie: "session=pqr" } },
      attempt: { requestHeaders: { "webhook-signature": "v1,stu" } },
    });
    for (const secret of ["whsec_abc", "whsec_def", "hst_ghi", "hk_jkl", "hk_mno", "session=pqr", "v1,stu"]) expect(line).not.toContain(secret);
    expect(line).toContain("[redacted]");
  });

  it("hides the password of a database URL", () => {
    expect(redactDatabaseUrl("postgresql://app:s3cret@db:5432/hookline")).toBe("postgresql://app:***@db:5432/hookline");
  });
});
