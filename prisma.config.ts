// Prisma CLI configuration. The application never reads this file: server/env.ts owns runtime config.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Only `prisma migrate deploy` on a machine that has the schema engine needs a URL.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/hookline" },
});
