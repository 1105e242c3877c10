// next-auth's GitHub provider, adjusted to our rule (see github-sign-in.ts): the email that counts is
// the account's primary verified one, read from GET /user/emails on every sign-in (the profile's
// public email may be unverified or another address), and the profile maps to OUR user.
import GithubProvider from "next-auth/providers/github";
import { db } from "../db/client";
import { findUserByEmail } from "../modules/users/user.service";
import { type GithubAccount, githubSignInUser, primaryVerifiedEmail } from "./github-sign-in";

async function verifiedPrimaryEmail(accessToken: string): Promise<string | null> {
  const response = await fetch("https://api.github.com/user/emails", {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/vnd.github+json" },
    signal: AbortSignal.timeout(10_000),
  });
  return response.ok ? primaryVerifiedEmail(await response.json()) : null;
}

export function githubProvider(clientId: string, clientSecret: string) {
  return GithubProvider({
    clientId,
    clientSecret,
    userinfo: {
      async request({ client, tokens }) {
        const profile = await client.userinfo(tokens.access_token!);
        // Undefined when there is none: the profile's own (public, maybe unverified) email never counts.
        return { ...profile, email: (await verifiedPrimaryEmail(tokens.access_token!)) ?? undefined };
      },
    },
    profile: (account) => githubSignInUser(account as GithubAccount, (email) => findUserByEmail(db(), email)),
  });
}
