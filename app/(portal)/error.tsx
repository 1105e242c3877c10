"use client";
import { ErrorState } from "@/components/ui/states";

export default function PortalError({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <div className="py-6">
      <h1 className="mb-4 text-xl font-semibold">This page could not be shown</h1>
      <ErrorState error={error} onRetry={reset} />
    </div>
  );
}
