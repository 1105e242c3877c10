// GitHub sign-in is for invited users only: the decision on the account's primary verified email, the
// profile next-auth receives (OUR user id, which becomes token.sub), and the wiring in authOptions
// (the provider only with both variables set, the signIn and jwt callbacks).
import type { Account } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "../env";
import { authOptions, githubSignInEnabled } from "./auth-options";
import { decideGithubSignIn, githubSignInResult, githubSignInUser, type KnownUser, primaryVerifiedEmail } from "./github-sign-in";

const dana: KnownUser = { id: "usr_dana", name: "Dana", memberships: [{ tenantId: "ten_first" }, { tenantId: "ten_second" }] };

describe("primaryVerifiedEmail", () => {
  it("is the primary email only when GitHub has verified it", () => {
    expect(
      primaryVerifiedEmail([
        { email: "side@example.com", primary: false, verified: true },
        { email: "Dana@Example.com", primary: true, verified: true },
      ]),
    ).toBe("dana@example.com");
    expect(primaryVerifiedEmail([{ email: "dana@example.com", primary: true, verified: false }, { email: "side@example.com", primary: false, verified: true }])).toBeNull();
    expect(primaryVerifiedEmail([])).toBeNull();
    expect(primaryVerifiedEmail({ message: "Bad credentials" })).toBeNull();
  });
});

describe("decideGithubSignIn", () => {
  it("lets an existing user in, landing in their oldest tenant", () => {
    expect(decideGithubSignIn("dana@example.com", dana)).toEqual({ allowed: true, userId: "usr_dana", tenantId: "ten_first" });
    expect(decideGithubSignIn("dana@example.com", { ...dana, memberships: [] })).toEqual({ allowed: true, userId: "usr_dana", tenantId: null });
  });

  it("refuses an account without a verified primary email, and an email no user has", () => {
    expect(decideGithubSignIn(null, dana)).toEqual({ allowed: false, reason: "GitHubEmailNotVerified" });
    expect(decideGithubSignIn("stranger@example.com", null)).toEqual({ allowed: false, reason: "GitHubNotInvited" });
  });
});

describe("githubSignInUser", () => {
  const account = { id: 4242, login: "dana-gh", name: null, email: "dana@example.com", avatar_url: "https://avatars.example/4242" };

  it("maps an invited account to our user: our id, our name, the first tenant", async () => {
    const looked: string[] = [];
    const user = await githubSignInUser(account, async (email) => (looked.push(email), dana));
    expect(user).toEqual({ id: "usr_dana", name: "Dana", email: "dana@example.com", image: account.avatar_url, tenantId: "ten_first", githubRefusal: null });
    expect(looked).toEqual(["dana@example.com"]);
  });

  it("marks the others refused, without looking up an account that has no verified email", async () => {
    expect(await githubSignInUser(account, async () => null)).toMatchObject({ id: "github:4242", name: "dana-gh", tenantId: null, githubRefusal: "GitHubNotInvited" });
    const lookups: string[] = [];
    const unverified = await githubSignInUser({ ...account, email: undefined }, async (email) => (lookups.push(email), dana));
    expect(unverified).toMatchObject({ githubRefusal: "GitHubEmailNotVerified", email: null });
    expect(lookups).toEqual([]);
  });

  it("the signIn answer: true for an allowed user, else the sign-in page naming the reason", () => {
    expect(githubSignInResult({ githubRefusal: null })).toBe(true);
    expect(githubSignInResult({ githubRefusal: "GitHubNotInvited" })).toBe("/signin?error=GitHubNotInvited");
  });
});

describe("authOptions with GitHub", () => {
  const setGithubEnv = (values: Record<string, string>) => {
    // eslint-disable-next-line no-restricted-properties -- the test stands in for the process's environment
    Object.assign(process.env, values);
    reloadEnv();
  };
  afterEach(() => setGithubEnv({ GITHUB_ID: "", GITHUB_SECRET: "" }));

  it("offers GitHub only when both variables are set", () => {
    setGithubEnv({ GITHUB_ID: "", GITHUB_SECRET: "" });
    expect(githubSignInEnabled()).toBe(false);
    expect(authOptions().providers.map((p) => p.id)).toEqual(["credentials"]);
    setGithubEnv({ GITHUB_ID: "Iv1.test", GITHUB_SECRET: "test-secret" });
    expect(githubSignInEnabled()).toBe(true);
    expect(authOptions().providers.map((p) => p.id)).toEqual(["credentials", "github"]);
  });

  it("signIn refuses an uninvited GitHub account; jwt puts our user id in sub and the tenant beside it", async () => {
    setGithubEnv({ GITHUB_ID: "Iv1.test", GITHUB_SECRET: "test-secret" });
    const { signIn, jwt } = authOptions().callbacks!;
    const github = { provider: "github", type: "oauth", providerAccountId: "usr_dana" } as Account;
    const refused = await githubSignInUser({ id: 1, login: "x", email: "x@example.com" }, async () => null);
    expect(await signIn!({ user: refused, account: github })).toBe("/signin?error=GitHubNotInvited");

    const allowed = await githubSignInUser({ id: 4242, login: "dana-gh", email: "dana@example.com" }, async () => dana);
    expect(await signIn!({ user: allowed, account: github })).toBe(true);
    const token = await jwt!({ token: { sub: "4242", email: "dana@example.com" } as JWT, user: allowed, account: github });
    expect(token).toMatchObject({ sub: "usr_dana", tenantId: "ten_first" });
  });
});
