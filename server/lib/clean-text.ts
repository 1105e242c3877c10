// Text from outside (a receiver's response, a client's JSON) and PostgreSQL: text and jsonb refuse
// NUL, and jsonb refuses unpaired UTF-16 surrogates. A response is stored with U+FFFD in their place;
// a request that carries them is refused with a 422 naming the field.

import { AppError } from "../errors";

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(text: string): string {
  return text.replace(UNSTORABLE, "\uFFFD");
}

export function isStorableText(text: string): boolean {
  UNSTORABLE.lastIndex = 0;
  return !UNSTORABLE.test(text);
}

/** The path of the first string (key or value) that PostgreSQL could not store, or null. */
export function findUnstorableText(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === "string") return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    if (!isStorableText(key)) return [...path, key];
    const found = findUnstorableText(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** NUL and unpaired surrogates cannot be stored: a 422 naming the field, not a 500 from the database. */
export function refuseUnstorableText(value: unknown): void {
  const path = findUnstorableText(value);
  if (!path) return;
  const field = path.length ? path.join(".") : "body";
  throw new AppError("unprocessable", `Invalid request: ${field} contains a NUL character or an unpaired UTF-16 surrogate.`, [
    { field, message: "contains a NUL character or an unpaired UTF-16 surrogate" },
  ]);
}
