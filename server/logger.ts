// Structured JSON logs. Anything that could carry a secret is redacted by path.
import pino from "pino";
import { env } from "./env";

const SECRET_KEYS = [
  "secret", "secrets", "token", "apiKey", "adminToken", "serviceToken", "password", "passwordHash",
  "keyHash", "tokenHash", "databaseUrl", "connectionString", "ADMIN_API_TOKEN", "NEXTAUTH_SECRET",
];
const SECRET_HEADERS = ["authorization", "cookie", '["set-cookie"]', '["webhook-signature"]'];

export const REDACTED_PATHS = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`]),
  ...SECRET_HEADERS.flatMap((header) => {
    const access = header.startsWith("[") ? header : `.${header}`;
    return [`headers${access}`, `*.headers${access}`, `requestHeaders${access}`, `*.requestHeaders${access}`];
  }),
];

export function createLogger(name: string, level: string = env().LOG_LEVEL): pino.Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } });
}

/** postgresql://user:secret@host/db → postgresql://user:***@host/db, for messages people read. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
