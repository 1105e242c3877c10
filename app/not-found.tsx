import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">
        There is nothing here, or it belongs to a tenant you are not working in. Check the link, or switch tenant and try again.
      </p>
      <Link href="/endpoints" className={`${buttonClass()} mt-6`}>
        Back to endpoints
      </Link>
    </main>
  );
}
