"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState, type FormEvent } from "react";
import { safeCallback } from "./safe-callback";

export { safeCallback };

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

/** Why next-auth sent the user back here (`?error=`), in words that say what to do. */
const SIGN_IN_ERRORS: Record<string, string> = {
  GitHubNotInvited: "No Hookline account uses your GitHub account's primary email. Ask an owner of your tenant to invite that email.",
  GitHubEmailNotVerified: "Your GitHub account's primary email is not verified. Verify it on GitHub, then try again.",
  SessionRequired: "Sign in to continue.",
};

function redirectError(code: string | null): string | null {
  if (!code) return null;
  return SIGN_IN_ERRORS[code] ?? "Signing in did not work. Try again, or use your email and password.";
}

function Form({ github }: { github: boolean }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(() => redirectError(params.get("error")));
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (result?.ok) router.push(safeCallback(params.get("callbackUrl")));
    else setError("That email and password do not match an account. Check both and try again.");
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required className={inputClass} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </div>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {github ? (
        <button
          type="button"
          onClick={() => void signIn("github", { callbackUrl: safeCallback(params.get("callbackUrl")) })}
          className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        >
          Continue with GitHub
        </button>
      ) : null}
    </form>
  );
}

/** `github`: whether GitHub sign-in is configured (the server knows; see server/auth/auth-options.ts). */
export function SignInForm({ github = false }: { github?: boolean }) {
  return (
    <Suspense fallback={null}>
      <Form github={github} />
    </Suspense>
  );
}
