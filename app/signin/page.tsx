import type { Metadata } from "next";
import { getServerSession } from "next-auth";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Logo } from "../../components/logo";
import { safeCallback } from "../../components/safe-callback";
import { SignInForm } from "../../components/sign-in-form";
import { authOptions, githubSignInEnabled } from "../../server/auth/auth-options";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

/** A signed-in visitor goes on to the portal, unless they were sent here because their session failed. */
export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  if (!error && (await getServerSession(authOptions()))?.user) redirect(safeCallback(callbackUrl ?? "/endpoints", "http://portal.invalid"));
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <Link href="/" className="mb-8 flex justify-center" aria-label="Hookline home">
          <Logo className="text-xl" />
        </Link>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold">Sign in to your portal</h1>
          <p className="mt-1 text-sm text-slate-600">Manage endpoints, inspect deliveries and replay failures.</p>
          <SignInForm github={githubSignInEnabled()} />
        </div>
      </div>
    </main>
  );
}
