"use client";
// Rotating the signing secret: the old secret keeps signing beside the new one for the chosen overlap,
// so receivers can switch without dropping a delivery. The new secret is shown once, here.
import { useMutation, type UseMutationResult } from "@tanstack/react-query";
import { useState } from "react";
import type { RouterInputs, RouterOutputs } from "../../server/trpc/app-router";
import { formatDateTime } from "../format";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { SecretOnce } from "../ui/copy-button";
import { Dialog } from "../ui/dialog";
import { errorMessage } from "../ui/errors";
import { Notice } from "../ui/states";

const OVERLAPS = [
  { seconds: 0, label: "None", hint: "the old secret stops signing now" },
  { seconds: 3_600, label: "1 hour", hint: "" },
  { seconds: 24 * 3_600, label: "24 hours", hint: "recommended" },
  { seconds: 7 * 24 * 3_600, label: "7 days", hint: "" },
] as const;

type Rotation = UseMutationResult<RouterOutputs["endpoints"]["rotateSecret"], unknown, RouterInputs["endpoints"]["rotateSecret"]>;

export function RotateSecretButton({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  // Held here, not in the form, and the dialog cannot be dismissed while it is pending: once the
  // secret is rotated, the new one must be shown (it is never shown again). Should the dialog close
  // anyway (the browser may force a second Esc), it opens again with the result.
  const rotate = useMutation(trpc.endpoints.rotateSecret.mutationOptions({ onSuccess: () => setOpen(true) }));
  function close() {
    setOpen(false);
    if (!rotate.isPending) rotate.reset(); // the secret is gone once the dialog closes
  }
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Rotate secret
      </Button>
      <Dialog open={open} onClose={close} dismissible={!rotate.isPending} title="Rotate signing secret">
        <RotateSecretForm endpointId={endpointId} rotate={rotate} onDone={close} />
      </Dialog>
    </>
  );
}

/** Mounted only while the dialog is open. */
function RotateSecretForm({ endpointId, rotate, onDone }: { endpointId: string; rotate: Rotation; onDone: () => void }) {
  const [overlap, setOverlap] = useState<number>(24 * 3_600);

  if (rotate.data) {
    const stopsNow = rotate.variables?.overlap_seconds === 0;
    return (
      <div className="flex flex-col gap-4">
        <SecretOnce label="New signing secret" value={rotate.data.secret}>
          <p className="mt-3 text-xs text-amber-900" data-testid="previous-secret-expiry">
            {stopsNow
              ? "The previous secret no longer signs deliveries."
              : `Until ${formatDateTime(rotate.data.previous_expires_at)} the previous secret signs too: each delivery carries one signature per secret, so receivers verify with either.`}
          </p>
        </SecretOnce>
        <div className="flex justify-end">
          <Button onClick={onDone}>Done</Button>
        </div>
      </div>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        rotate.mutate({ id: endpointId, overlap_seconds: overlap });
      }}
      className="flex flex-col gap-4"
    >
      <p className="text-sm text-slate-600">A new secret signs every delivery from now on. Choose how long the current secret keeps signing beside it while you update your receiver.</p>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Overlap</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {OVERLAPS.map((option) => (
            <label key={option.seconds} className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500/40">
              <input type="radio" name="overlap" className="accent-brand-600" checked={overlap === option.seconds} onChange={() => setOverlap(option.seconds)} />
              <span>
                {option.label}
                {option.hint ? <span className="block text-xs text-slate-500">{option.hint}</span> : null}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {rotate.isError ? <Notice tone="error">{errorMessage(rotate.error)}</Notice> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" disabled={rotate.isPending} onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" pending={rotate.isPending}>
          Rotate secret
        </Button>
      </div>
    </form>
  );
}
