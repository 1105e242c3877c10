"use client";
// A modal on the native <dialog>: showModal() traps focus, Esc closes (unless `dismissible` is false,
// e.g. while an action that must show its result is pending), focus returns to the opener.
import { useEffect, useRef, type ReactNode } from "react";

type DialogProps = { open: boolean; onClose: () => void; title: string; dismissible?: boolean; children: ReactNode };

export function Dialog({ open, onClose, title, dismissible = true, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onCancel={(event) => {
        if (!dismissible) event.preventDefault();
      }}
      aria-labelledby="dialog-title"
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      {open ? (
        <div className="p-5">
          <h2 id="dialog-title" className="text-lg font-semibold">
            {title}
          </h2>
          <div className="mt-3">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}
