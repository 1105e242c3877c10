// Portal pages without a session cookie go straight to sign-in, remembering where they were headed.
// Only the cookie's presence is checked here; the pages' layout verifies it (server/portal/page-session.ts).
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(request: NextRequest) {
  // next-auth splits a large session into name.0, name.1, …
  const names = request.cookies.getAll().map((cookie) => cookie.name.replace(/\.\d+$/, ""));
  if (names.some((name) => SESSION_COOKIES.includes(name))) return NextResponse.next();
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ["/endpoints/:path*", "/deliveries/:path*", "/events/:path*", "/replays/:path*", "/api-keys/:path*"] };
