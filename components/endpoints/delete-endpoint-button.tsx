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

/** `onDeleted` runs before navigating, so the page can stop its queries (they would now 404). */
export function DeleteEndpointButton({ endpointId, url, onDeleted }: { endpointId: string; url: string; onDeleted: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.endpoints.delete.mutationOptions({
      onSuccess: () => {
        onDeleted();
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
