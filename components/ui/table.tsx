// A list table: header cells from column labels, rows as children, scrolling sideways on small screens.
import type { ReactNode } from "react";

export type Column = { label: ReactNode; align?: "right"; hidden?: boolean; className?: string };

/** `framed` draws its own card; unframed it fills a Card's body edge to edge. */
export function DataTable({ columns, children, framed = true }: { columns: (string | Column)[]; children: ReactNode; framed?: boolean }) {
  return (
    <div className={framed ? "overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" : "-m-4 overflow-x-auto"}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column, index) => {
              const { label, align, hidden, className = "" } = typeof column === "string" ? { label: column } : column;
              return (
                <th key={index} scope="col" className={`px-4 py-2 ${align === "right" ? "text-right" : ""} ${className}`}>
                  {hidden ? <span className="sr-only">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
