import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const appPort = Number(process.env.E2E_APP_PORT ?? 3300);
const sandboxPort = Number(process.env.E2E_SANDBOX_PORT ?? 3310);
const appUrl = `http://localhost:${appPort}`;

// What the specs need to reach the sandbox directly (the buyer's side, the app key for the SDK).
process.env.SANDBOX_URL = `http://localhost:${sandboxPort}`;
process.env.SANDBOX_DATA_DIR = path.resolve(import.meta.dirname, ".e2e", "sandbox");

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: appUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "node --import tsx scripts/e2e-stack.ts",
    url: `${appUrl}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: { E2E_APP_PORT: String(appPort), E2E_SANDBOX_PORT: String(sandboxPort) },
    stdout: "pipe",
    stderr: "pipe",
  },
});
