"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";

/** Stops every query first, so no poll goes out between the cookie's removal and the navigation. */
export function SignOutButton() {
  const queryClient = useQueryClient();
  async function signOutNow() {
    await queryClient.cancelQueries();
    queryClient.clear();
    await signOut({ callbackUrl: "/signin" });
  }
  return (
    <button
      type="button"
      onClick={() => void signOutNow()}
      className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
    >
      Sign out
    </button>
  );
}
