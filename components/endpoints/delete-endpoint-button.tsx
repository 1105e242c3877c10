"use client";
// Deleting asks first: it cannot be undone, and pending deliveries to the endpoint are cancelled.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { errorMessage } from "../ui/errors";
import { Notice } from "../ui/states";

/**
 * `setLive(false)` runs as the delete is sent: the page stops polling the endpoint, since a read answered
 * after the delete commits would 404. Reads already on their way are cancelled; `setLive(true)` if it fails.
 */
export function DeleteEndpointButton({ endpointId, url, setLive }: { endpointId: string; url: string; setLive: (live: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.endpoints.delete.mutationOptions({
      onMutate: async () => {
        setLive(false);
        await Promise.all([
          queryClient.cancelQueries({ queryKey: trpc.endpoints.pathKey() }),
          queryClient.cancelQueries(trpc.deliveries.list.queryFilter({ endpoint_id: endpointId })),
        ]);
      },
      onError: () => setLive(true),
      onSuccess: () => {
        setOpen(false);
        void queryClient.invalidateQueries({ queryKey: trpc.endpoints.list.pathKey() });
        router.push("/endpoints");
      },
    }),
  );
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Delete this endpoint?">
        <p className="text-sm text-slate-600">
          <span className="break-all font-medium text-slate-900">{url}</span> stops receiving events at once, and its pending deliveries are cancelled. This cannot be undone.
        </p>
        {remove.isError ? (
          <div className="mt-3">
            <Notice tone="error">{errorMessage(remove.error)}</Notice>
          </div>
        ) : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Keep it
          </Button>
          <Button variant="danger" pending={remove.isPending} onClick={() => remove.mutate({ id: endpointId })}>
            Delete endpoint
          </Button>
        </div>
      </Dialog>
    </>
  );
}
