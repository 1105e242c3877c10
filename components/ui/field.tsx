import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

export const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 aria-[invalid=true]:border-red-500 aria-[invalid=true]:ring-red-500/20 disabled:bg-slate-50";

type FieldShell = { id: string; label: ReactNode; hint?: ReactNode; error?: string };

/** A labelled control with its hint and its inline error, wired with aria-describedby / aria-invalid. */
export function Field({ id, label, hint, error, children }: FieldShell & { children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {hint && !error ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy({ id, hint, error }: FieldShell): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

export function TextField({ id, label, hint, error, className = "", ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input id={id} name={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy({ id, label, hint, error })} className={`${inputClass} ${className}`} {...input} />
    </Field>
  );
}

export function TextAreaField({ id, label, hint, error, className = "", ...input }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea id={id} name={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy({ id, label, hint, error })} className={`${inputClass} ${className}`} {...input} />
    </Field>
  );
}

export function SelectField({ id, label, hint, error, className = "", children, ...input }: FieldShell & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select id={id} name={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy({ id, label, hint, error })} className={`${inputClass} ${className}`} {...input}>
        {children}
      </select>
    </Field>
  );
}
