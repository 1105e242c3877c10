"use client";
// A disabled endpoint receives nothing until enabled: the banner says why, in words, and offers Enable.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { errorMessage } from "../ui/errors";
import { RelativeTime } from "../ui/time";

const REASONS: Record<string, string> = {
  manual: "It was disabled by hand (in the portal or through the API).",
  gone: "Its URL answered 410 Gone, which tells Hookline to stop sending.",
  failing: "Every delivery to it failed for too long, so Hookline stopped sending.",
};

export function disabledReasonText(reason: string | null): string {
  return (reason && REASONS[reason]) ?? "It is disabled.";
}

/** `alert` on the endpoint's own page only: in the list, every disabled endpoint would be announced on load. */
type Props = { endpointId: string; reason: string | null; disabledAt?: string | null; alert?: boolean };

export function DisabledBanner({ endpointId, reason, disabledAt, alert = false }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const enable = useMutation(
    trpc.endpoints.enable.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() }),
    }),
  );
  return (
    <div role={alert ? "alert" : undefined} className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
      <p className="min-w-0">
        <span className="font-semibold">Disabled</span>
        {disabledAt ? (
          <>
            {" "}
            <RelativeTime iso={disabledAt} />
          </>
        ) : null}
        : {disabledReasonText(reason)} Its deliveries are held until you enable it.
        {enable.isError ? <span className="block font-medium">{errorMessage(enable.error)}</span> : null}
      </p>
      <Button variant="danger" size="sm" pending={enable.isPending} onClick={() => enable.mutate({ id: endpointId })}>
        Enable
      </Button>
    </div>
  );
}
