import type { Metadata } from "next";
import Link from "next/link";
import { ReplayForm } from "@/components/replays/replay-form";
import type { ReplayPrefill } from "@/components/replays/replay-form-state";
import { PageHeader } from "@/components/ui/card";
import { REPLAY_LIMITS } from "@/server/modules/replays/replay.schemas";

export const metadata: Metadata = { title: "New replay" };

const PREFILL_KEYS = ["endpoint_id", "status", "event_type", "since", "until"] as const;

export default async function NewReplayPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const prefill: ReplayPrefill = {};
  for (const key of PREFILL_KEYS) {
    const value = params[key];
    if (value !== undefined) prefill[key] = Array.isArray(value) ? value.join(",") : value;
  }
  return (
    <>
      <PageHeader
        title="New replay"
        description="Send an endpoint's settled deliveries again, at a pace the receiver can take."
        back={
          <Link href="/replays" className="text-brand-700 hover:underline">
            ← All replays
          </Link>
        }
      />
      <ReplayForm prefill={prefill} limits={{ minRate: REPLAY_LIMITS.minRate, maxRate: REPLAY_LIMITS.maxRate, maxDeliveries: REPLAY_LIMITS.maxDeliveries }} />
    </>
  );
}
