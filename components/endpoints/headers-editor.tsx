"use client";
// Custom headers as name/value rows; each row carries its own inline error (by row key).
import { Button } from "../ui/button";
import { inputClass } from "../ui/field";
import { type FormErrors, headerRow, type HeaderRow } from "./endpoint-form-values";

type Props = { rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void; errors: FormErrors };

export function HeadersEditor({ rows, onChange, errors }: Props) {
  const update = (key: string, change: Partial<HeaderRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  return (
    <fieldset aria-describedby={errors.headers ? "headers-error" : "headers-hint"}>
      <legend className="text-sm font-medium text-slate-700">Custom headers</legend>
      <p id="headers-hint" className="mt-0.5 text-xs text-slate-500">
        Sent with every delivery, e.g. an authorization header your receiver checks. Up to 20.
      </p>
      {rows.length ? (
        <ul className="mt-2 flex flex-col gap-2">
          {rows.map((row, index) => {
            const error = errors[`headers.${row.key}`];
            const errorId = `header-${row.key}-error`;
            return (
              <li key={row.key}>
                <div className="flex flex-wrap gap-2 sm:flex-nowrap">
                  <input
                    aria-label={`Header ${index + 1} name`}
                    value={row.name}
                    onChange={(e) => update(row.key, { name: e.target.value })}
                    placeholder="X-Api-Token"
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? errorId : undefined}
                    className={`${inputClass} font-mono sm:w-56`}
                  />
                  <input
                    aria-label={`Header ${index + 1} value`}
                    value={row.value}
                    onChange={(e) => update(row.key, { value: e.target.value })}
                    placeholder="value"
                    className={`${inputClass} font-mono`}
                  />
                  <Button variant="ghost" aria-label={`Remove header ${index + 1}`} onClick={() => onChange(rows.filter((r) => r.key !== row.key))}>
                    Remove
                  </Button>
                </div>
                {error ? (
                  <p id={errorId} className="mt-1 text-xs font-medium text-red-600">
                    {error}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <Button variant="secondary" size="sm" className="mt-2" onClick={() => onChange([...rows, headerRow()])} disabled={rows.length >= 20}>
        Add header
      </Button>
      {errors.headers ? (
        <p id="headers-error" className="mt-1 text-xs font-medium text-red-600">
          {errors.headers}
        </p>
      ) : null}
    </fieldset>
  );
}
