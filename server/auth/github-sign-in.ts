// Who may sign in with GitHub: only an existing Hookline user (invited by an operator through
// POST /api/v1/admin/tenants/{id}/members) whose email is the GitHub account's primary, verified
// email. GitHub accounts never create users here. Pure: the user lookup is passed in.
import type { User } from "next-auth";

/** One entry of GitHub's GET /user/emails. */
export type GithubEmail = { email: string; primary: boolean; verified: boolean };

/** The account's primary email if GitHub has verified it; a public or secondary email never counts. */
export function primaryVerifiedEmail(emails: unknown): string | null {
  if (!Array.isArray(emails)) return null;
  const primary = (emails as Partial<GithubEmail>[]).find((entry) => entry?.primary === true);
  return primary?.verified === true && typeof primary.email === "string" ? primary.email.trim().toLowerCase() : null;
}

export type GithubSignInRefusal = "GitHubEmailNotVerified" | "GitHubNotInvited";

export type GithubSignInDecision = { allowed: true; userId: string; tenantId: string | null } | { allowed: false; reason: GithubSignInRefusal };

/** The Hookline user with that email (memberships oldest first), as findUserByEmail returns it. */
export type KnownUser = { id: string; name: string; memberships: readonly { tenantId: string }[] };

export function decideGithubSignIn(verifiedEmail: string | null, user: KnownUser | null): GithubSignInDecision {
  if (!verifiedEmail) return { allowed: false, reason: "GitHubEmailNotVerified" };
  if (!user) return { allowed: false, reason: "GitHubNotInvited" };
  // The same landing tenant as a password sign-in: the oldest membership.
  return { allowed: true, userId: user.id, tenantId: user.memberships[0]?.tenantId ?? null };
}

/** What the GitHub provider's profile() hands next-auth: OUR user id (it becomes token.sub), or the refusal. */
export type GithubSignInUser = User & { tenantId: string | null; githubRefusal: GithubSignInRefusal | null };

/** The GitHub profile as our userinfo request leaves it: `email` is the primary verified one, or absent. */
export type GithubAccount = { id: number | string; login: string; name?: string | null; email?: string | null; avatar_url?: string | null };

export async function githubSignInUser(account: GithubAccount, findUser: (email: string) => Promise<KnownUser | null>): Promise<GithubSignInUser> {
  const email = account.email ?? null;
  const known = email ? await findUser(email) : null;
  const decision = decideGithubSignIn(email, known);
  const githubName = account.name || account.login;
  const seen = { email, image: account.avatar_url ?? null };
  return decision.allowed
    ? { ...seen, id: decision.userId, name: known?.name || githubName, tenantId: decision.tenantId, githubRefusal: null }
    : { ...seen, id: `github:${account.id}`, name: githubName, tenantId: null, githubRefusal: decision.reason };
}

/** The signIn callback's answer for a GitHub sign-in: true, or the sign-in page naming the reason. */
export function githubSignInResult(user: Partial<GithubSignInUser>): true | string {
  return user.githubRefusal ? `/signin?error=${user.githubRefusal}` : true;
}
