// Structured JSON logs. Anything that could carry a secret is redacted by path.
import pino from "pino";
import { env } from "./env";

export const REDACTED_PATHS = [
  "secret",
  "*.secret",
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "headers.authorization",
  "*.headers.authorization",
  'headers["webhook-signature"]',
  'requestHeaders["webhook-signature"]',
  "databaseUrl",
];

export function createLogger(name: string, level: string = env().LOG_LEVEL): pino.Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } });
}

/** postgresql://user:secret@host/db → postgresql://user:***@host/db, for messages people read. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
