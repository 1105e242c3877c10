"use client";
// Cursor paging one page at a time. The list queries are strict (no `direction` field), so pages are
// plain queries keyed by their cursor rather than TanStack infinite queries.
import { useState } from "react";
import { Button } from "./button";

export function useCursorPager() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    next: (cursor: string) => setCursors((stack) => [...stack, cursor]),
    previous: () => setCursors((stack) => stack.slice(0, -1)),
    first: () => setCursors([]),
  };
}

export function Pager({ pager, nextCursor }: { pager: ReturnType<typeof useCursorPager>; nextCursor: string | null | undefined }) {
  if (pager.page === 1 && !nextCursor) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-2 text-sm text-slate-600">
      <Button variant="secondary" size="sm" onClick={pager.previous} disabled={pager.page === 1}>
        Newer
      </Button>
      <span>Page {pager.page}</span>
      <Button variant="secondary" size="sm" onClick={() => nextCursor && pager.next(nextCursor)} disabled={!nextCursor}>
        Older
      </Button>
    </nav>
  );
}
