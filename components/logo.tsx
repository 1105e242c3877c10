export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg aria-hidden="true" viewBox="0 0 32 32" className="h-7 w-7">
        <rect width="32" height="32" rx="7" className="fill-brand-600" />
        <path d="M9 8v16M23 8v16M9 16h14" stroke="#fff" strokeWidth="3.2" strokeLinecap="round" />
      </svg>
      Hookline
    </span>
  );
}
