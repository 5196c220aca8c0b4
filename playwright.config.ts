import { defineConfig, devices } from "@playwright/test";

// e2e runs against the production build (`next start`) on a database of its
// own: a fresh PGlite folder, or PostgreSQL when E2E_DATABASE_URL is set.
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
export const DEMO_PASSWORD = "e2e-demo-password";

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
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
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `npx next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      PORT: String(port),
      NEXTAUTH_URL: baseURL,
      // Passkeys need a domain as their relying party (an IP address is refused by browsers): the passkey test opens
      // the console at localhost, which this server also serves.
      ROSTER_WEBAUTHN_RP_ID: "localhost",
      ROSTER_WEBAUTHN_ORIGINS: `http://localhost:${port}`,
      // Domain verification asks the loopback DNS server of e2e/support/dns.ts.
      ROSTER_DNS_SERVERS: `127.0.0.1:${process.env.E2E_DNS_PORT ?? 5354}`,
      // The SSO test's identity provider runs on loopback in the test process.
      ROSTER_SSO_ALLOW_PRIVATE: "1",
      ROSTER_WEBHOOK_ALLOW_PRIVATE: "1",
      // A failed delivery waits an hour for its retry, so only "Retry now" brings it sooner (e2e/webhooks.spec.ts).
      ROSTER_WEBHOOK_RETRY_SCHEDULE: "3600,3600,3600",
      NEXT_TELEMETRY_DISABLED: "1",
      ROSTER_DEMO_PASSWORD: DEMO_PASSWORD,
      ROSTER_DATA_DIR: process.env.E2E_DATA_DIR ?? ".e2e-data",
      SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT ?? 2525}`,
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
      AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-e2e-only-secret-e2e-only-secret",
    },
  },
});
