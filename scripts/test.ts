// npm test – every test: types, unit and integration tests (vitest, SQLite and PostgreSQL, the
// sandbox over HTTP), a production build, and the browser tests (Playwright on Debian's Chromium).
// Prepares what they need: Chromium installed if missing; a throwaway PostgreSQL 15 cluster unless
// TEST_POSTGRES_URL is given, stopped afterwards.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { startThrowawayPostgres, type ThrowawayPostgres } from "./pg-cluster.mjs";
import { ROOT, run } from "./processes";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

// Chinese text in screenshots needs a CJK font; Debian's chromium does not pull one in.
const CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

async function ensureChromium(): Promise<void> {
  const missing = [!existsSync(CHROMIUM) && "chromium", !existsSync(CJK_FONT) && "fonts-noto-cjk"].filter((p): p is string => Boolean(p));
  if (missing.length === 0) return;
  if (!existsSync(CHROMIUM) && process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${CHROMIUM} does not exist`);
  if (process.getuid?.() !== 0) throw new Error(`missing ${missing.join(" and ")}: install them (apt-get install -y ${missing.join(" ")})`);
  console.log(`Installing Debian's ${missing.join(" and ")} for the browser tests…`);
  await run("apt-get", ["update"]);
  await run("apt-get", ["install", "-y", "--no-install-recommends", ...missing], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

type Step = { name: string; ok: boolean; seconds: number };

async function step(steps: Step[], name: string, action: () => Promise<void>): Promise<boolean> {
  const started = Date.now();
  console.log(`\n━━ ${name}`);
  let ok = true;
  try {
    await action();
  } catch (error) {
    ok = false;
    console.error(`✗ ${name}: ${(error as Error).message}`);
  }
  steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}

function counts(): { passed: number; failed: number; skipped: number } {
  const total = { passed: 0, failed: 0, skipped: 0 };
  const vitestFile = path.join(ROOT, "test-results", "vitest.json");
  if (existsSync(vitestFile)) {
    const v = JSON.parse(readFileSync(vitestFile, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    total.passed += v.numPassedTests;
    total.failed += v.numFailedTests;
    total.skipped += v.numPendingTests + v.numTodoTests;
  }
  const playwrightFile = path.join(ROOT, "test-results", "playwright.json");
  if (existsSync(playwrightFile)) {
    const p = JSON.parse(readFileSync(playwrightFile, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    total.passed += p.stats.expected + p.stats.flaky;
    total.failed += p.stats.unexpected;
    total.skipped += p.stats.skipped;
  }
  return total;
}

async function main(): Promise<number> {
  const steps: Step[] = [];
  let postgres: ThrowawayPostgres | undefined;
  const cleanup = async () => {
    await postgres?.stop();
    postgres = undefined;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void cleanup().then(() => process.exit(130)));
  mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
  for (const file of ["vitest.json", "playwright.json"]) rmSync(path.join(ROOT, "test-results", file), { force: true });
  try {
    if (!(await step(steps, "Chromium", ensureChromium))) return 1;
    if (!process.env.TEST_POSTGRES_URL) {
      if (!(await step(steps, "PostgreSQL (throwaway cluster)", async () => {
        postgres = await startThrowawayPostgres();
        process.env.TEST_POSTGRES_URL = postgres.url;
        console.log(`PostgreSQL 15 on port ${postgres.port} (data in ${postgres.dir}; removed afterwards)`);
      }))) return 1;
    }
    if (!(await step(steps, "Prisma clients", () => run(process.execPath, ["--import", "tsx", "scripts/db-generate.ts"])))) return 1;
    await step(steps, "Type check", () => run(bin("tsc"), ["--noEmit", "-p", "."]));
    await step(steps, "Unit and integration tests (vitest)", () =>
      run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"]),
    );
    if (await step(steps, "Production build", () => run(bin("next"), ["build"]))) {
      await step(steps, "Browser tests (Playwright, Chromium)", () => run(bin("playwright"), ["test"]));
    }
  } finally {
    await cleanup();
  }
  console.log("\n━━ Summary");
  for (const s of steps) console.log(`${s.ok ? "✓" : "✗"} ${s.name} (${s.seconds} s)`);
  const total = counts();
  const failedSteps = steps.filter((s) => !s.ok).length;
  console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
  return failedSteps > 0 || total.failed > 0 ? 1 : 0;
}

process.exitCode = await main();
