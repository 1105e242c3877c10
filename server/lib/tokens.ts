// Bearer tokens: random, prefixed so a leaked one is recognisable, stored only as a SHA-256 hash.
// (A fast hash is right here: the tokens carry 192 bits of randomness, unlike passwords.)
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_KIND = { apiKey: "hk", serviceToken: "hst", admin: "hla" } as const;
export type TokenKind = keyof typeof TOKEN_KIND;

export type IssuedToken = { token: string; prefix: string; hash: string };

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function issueToken(kind: TokenKind, random: Uint8Array = randomBytes(24)): IssuedToken {
  const token = `${TOKEN_KIND[kind]}_${Buffer.from(random).toString("base64url")}`;
  return { token, prefix: token.slice(0, TOKEN_KIND[kind].length + 9), hash: hashToken(token) };
}

