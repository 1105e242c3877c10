"use client";
// Filters that live in the URL: a reload, a shared link and back/forward all show the same view.
// Changes replace the history entry (typing a filter should not add one per keystroke). The page is
// dynamic, so the URL changes only after a server round trip: controls show the new value at once
// from local state, which follows the URL whenever the URL itself changes (back/forward, links).
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";

export type ParamChanges = Record<string, string | null | undefined>;

/** The current search params, and a setter that merges changes (null/"" removes a param; null clears all). */
export function useUrlParams(): [URLSearchParams, (changes: ParamChanges | null) => void] {
  const url = useSearchParams().toString();
  const pathname = usePathname();
  const router = useRouter();
  const [current, setCurrent] = useState(url);
  useOnKeyChange(url, () => setCurrent(url));
  function setParams(changes: ParamChanges | null) {
    const next = new URLSearchParams(changes === null ? "" : current);
    for (const [key, value] of Object.entries(changes ?? {})) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    setCurrent(query);
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }
  return [new URLSearchParams(current), setParams];
}

/** Calls `onChange` during render when `key` differs from the last render's (React's "adjust state on prop change"). */
export function useOnKeyChange(key: string, onChange: () => void): void {
  const [seen, setSeen] = useState(key);
  if (seen !== key) {
    setSeen(key);
    onChange();
  }
}
