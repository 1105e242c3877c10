import NextAuth from "next-auth";
import { authOptions } from "../../../../server/auth/auth-options";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handle(request: Request, context: RouteContext): Promise<Response> {
  return NextAuth(request as never, { params: await context.params } as never, authOptions());
}

export { handle as GET, handle as POST };
