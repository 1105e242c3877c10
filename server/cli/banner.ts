// What `npm start` prints once everything is up.
import type { DemoCredentials } from "../db/seed";

export function printCredentials(demo: DemoCredentials): void {
  console.log(
    [
      "",
      `  Demo login        ${demo.email} / ${demo.password}`,
      `  Tenant            ${demo.tenantId}`,
      `  Tenant API key    ${demo.apiKey}`,
      `  Service token     ${demo.serviceToken}`,
    ].join("\n"),
  );
}

export type Banner = { portalUrl: string; metricsUrl: string; adminToken: string; demo?: DemoCredentials };

export function printBanner(banner: Banner): void {
  console.log(
    [
      "",
      "  Hookline is running",
      "",
      `  Portal            ${banner.portalUrl}`,
      `  Health            ${banner.portalUrl}/api/health`,
      `  Worker metrics    ${banner.metricsUrl}`,
      `  Admin token       ${banner.adminToken}`,
    ].join("\n"),
  );
  if (banner.demo) printCredentials(banner.demo);
  else console.log("\n  Using DATABASE_URL: run `npm run db:seed` for demo data.");
  console.log("\n  Ctrl-C stops everything.\n");
}
