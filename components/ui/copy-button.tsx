"use client";
import { useState } from "react";
import { Button } from "./button";

/** Copies text to the clipboard and says so; if the browser refuses, the text stays selectable. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2_000);
  }
  return (
    <Button variant="secondary" size="sm" onClick={() => void copy()} aria-live="polite">
      {state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : label}
    </Button>
  );
}

/** A secret shown once (signing secret, API key): monospace, selectable, with a copy button and a warning. */
export function SecretOnce({ label, value, children }: { label: string; value: string; children?: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} className="rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p className="text-sm font-semibold text-amber-900">{label}</p>
      <p className="mt-1 text-xs text-amber-800">Copy it now: it is shown only once. Store it in your secret manager.</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code data-testid="secret-value" className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-amber-200">
          {value}
        </code>
        <CopyButton text={value} />
      </div>
      {children}
    </div>
  );
}
