// E2E against the built app started exactly as a newcomer starts it (npm start's supervisor), on its
// own data directory and ports, in Debian's Chromium (Playwright cannot download browsers here).
import { defineConfig } from "@playwright/test";

const PORT = 3100;
const baseURL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]],
  use: {
    baseURL,
    browserName: "chromium",
    // A zone and locale unlike the server's, so a page that formats dates or numbers on the server
    // differently from the browser fails on React's hydration error.
    timezoneId: "Pacific/Auckland",
    locale: "en-NZ",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "exec node --import tsx server/cli/start.ts",
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    env: {
      DATABASE_URL: "", // always the embedded database, seeded with the demo login
      HOOKLINE_DATA_DIR: ".data/e2e",
      PORT: String(PORT),
      EMBEDDED_PG_PORT: "54339",
      METRICS_PORT: "9474",
      LOG_LEVEL: "warn",
      // The API journey delivers to a receiver the test starts on loopback.
      HOOKLINE_ALLOW_PRIVATE_TARGETS: "1",
      // One retry, 3 s later: the replay journey sees the next retry on the timeline, and its failing
      // deliveries (2 attempts each) stay under the circuit breaker's 10-attempt minimum.
      RETRY_SCHEDULE: "3s",
    },
  },
});
