import { getServerSession } from "next-auth";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Logo } from "../components/logo";
import { authOptions } from "../server/auth/auth-options";

export const dynamic = "force-dynamic";

const FEATURES = [
  { title: "Isolated per endpoint", body: "Concurrency caps, rate limits and circuit breakers per endpoint: one slow customer never delays another." },
  { title: "Signed and durable", body: "Standard Webhooks signatures, retries for about three days, every attempt recorded and replayable." },
  { title: "Gentle replay", body: "Replays drip at the rate you choose and never faster than a recovering endpoint can take." },
];

export default async function HomePage() {
  const session = await getServerSession(authOptions());
  if (session?.user) redirect("/endpoints");
  return (
    <main className="mx-auto flex min-h-screen max-w-5xl flex-col px-6 py-10">
      <header className="flex items-center justify-between">
        <Logo className="text-lg" />
        <Link
            href="/signin"
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            Sign in
          </Link>
      </header>
      <section className="mt-20 max-w-2xl">
        <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">Webhooks your customers can count on</h1>
        <p className="mt-4 text-lg text-slate-600">
          Hookline delivers every event to every subscribed endpoint — signed, retried, isolated — and gives your customers a
          portal to inspect each attempt and replay failures.
        </p>
      </section>
      <section aria-label="Features" className="mt-14 grid gap-4 sm:grid-cols-3">
        {FEATURES.map((feature) => (
          <article key={feature.title} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="font-semibold">{feature.title}</h2>
            <p className="mt-2 text-sm text-slate-600">{feature.body}</p>
          </article>
        ))}
      </section>
      <footer className="mt-auto pt-16 text-sm text-slate-500">
        API health: <a className="underline hover:text-slate-700" href="/api/health">/api/health</a>
      </footer>
    </main>
  );
}
