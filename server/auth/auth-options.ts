// next-auth configuration: email + password against our users table (scrypt), and GitHub when
// GITHUB_ID/GITHUB_SECRET are set (invited users only, see github-sign-in.ts); JWT sessions carrying
// the user id and the tenant they are working in.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db/client";
import { env } from "../env";
import { hashPassword, verifyPassword } from "../lib/password";
import { findUserByEmail } from "../modules/users/user.service";
import { githubProvider } from "./github-provider";
import { type GithubSignInUser, githubSignInResult } from "./github-sign-in";

const credentialsSchema = z.object({ email: z.email(), password: z.string().min(1) });

// Unknown emails still pay for one scrypt, so response time does not reveal which accounts exist.
let timingDecoy: Promise<string> | undefined;

export async function authorizeWithPassword(raw: unknown) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const user = await findUserByEmail(db(), parsed.data.email);
  if (!user?.passwordHash) {
    timingDecoy ??= hashPassword("timing decoy");
    await verifyPassword(parsed.data.password, await timingDecoy);
    return null;
  }
  if (!(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name, tenantId: user.memberships[0]?.tenantId ?? null };
}

/** Whether the portal offers "Continue with GitHub" (both GitHub variables are set). */
export function githubSignInEnabled(): boolean {
  const { GITHUB_ID, GITHUB_SECRET } = env();
  return Boolean(GITHUB_ID && GITHUB_SECRET);
}

export function authOptions(): NextAuthOptions {
  const { GITHUB_ID, GITHUB_SECRET } = env();
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials) => authorizeWithPassword(credentials),
      }),
      ...(githubSignInEnabled() ? [githubProvider(GITHUB_ID!, GITHUB_SECRET!)] : []),
    ],
    callbacks: {
      signIn({ user, account }) {
        return account?.provider === "github" ? githubSignInResult(user as Partial<GithubSignInUser>) : true;
      },
      // `user` is set only at sign-in: from authorizeWithPassword, or the GitHub profile mapped to our user.
      jwt({ token, user }) {
        if (user && "tenantId" in user) {
          token.sub = user.id;
          token.tenantId = user.tenantId as string | null;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub, tenantId: token.tenantId ?? null };
      },
    },
  };
}
