// `npm run bench:intake`: notification intake through the real route under `next start` (production
// build), on SQLite and on PostgreSQL, both durable (a `success` survives a power cut): the maximum
// sustained rate of verified + stored + applied notifications, p50/p99 latency at a fixed offered
// rate of 200/s, peak app memory; and order creation (API → sandbox precreate → stored) per second.
// Each figure is printed next to floors measured in the same run on the same machine: an empty Next.js
// POST route (the framework's ceiling, and its latency at the same offered rate, measured right before
// each database's intake), a bare node:http handler doing the same durable work (the work's ceiling),
// the raw RSA2 verify rate, and precreate through the gateway client without the app. Before each timed
// phase the database is checkpointed and the file system synced (scripts/bench/databases.ts settle).
// Targets: intake ≥ 0.5 × the empty Next route; p99 ≤ 50 ms at 200/s; app RSS ≤ 400 MB. Printed, never
// asserted. BENCH_SECONDS, BENCH_CONCURRENCY, BENCH_DATABASES=sqlite,postgresql, BENCH_POSTGRES_URL.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { decodeForm } from "@/lib/alipay/form";
import { loadPrivateKey, loadPublicKey } from "@/lib/alipay/keys";
import { createDb } from "@/lib/db";
import { freePort } from "./processes";
import { startStack } from "./stack";
import { ensureConsoleBuild } from "./bench/build";
import { describeSettings, durabilitySettings, isDurable, settle, startBenchPostgres } from "./bench/databases";
import { BARE_ORDER_PREFIX, NEXT_FLOOR_PATH, buildNextFloor, gatewayPrecreateRate, rsaVerifyRate, sizedClosedLoop, startBareFloor, startNextFloor } from "./bench/floors";
import { type IntakeOptions, benchIntake } from "./bench/intake";
import { type ClosedLoopResult, runOpenLoop, withAgent } from "./bench/load";
import { type Merchant, postNotification, tradeSuccessBody } from "./bench/notifications";
import { findListeningPid, sampleMemory } from "./bench/proc";
import { type DatabaseFigures, type EmptyNextFigures, formatReport } from "./bench/report";
import { listFromEnv, wholeNumberFromEnv } from "./bench/settings";

/**
 * Connections of the closed loops: enough to keep the app busy while its batches wait on the database
 * (a CPU profile at 32 found the PostgreSQL intake's event loop idle 15 % of the time; the empty route,
 * with nothing to wait on, ran as fast at 32 as at 64 and 128 in one alternating run).
 */
const CONCURRENCY = wholeNumberFromEnv("BENCH_CONCURRENCY", 64);
const SECONDS = wholeNumberFromEnv("BENCH_SECONDS", 8);
const WARMUP_SECONDS = 2;
const OFFERED_RATE = 200;
/**
 * The fixed-rate phase: 4,000 answers measured after 5 s at the rate (a p99 of 1,000 is ten answers: one
 * major collection of V8's, every 6-15 s at 200/s, decides it), the first seconds after the phases before
 * (a burst of writes, a checkpoint) left out of the figure, not out of the run.
 */
const LATENCY_WARMUP_SECONDS = 5;
const LATENCY_SECONDS = 20;
/** Creating the orders the timed phases need takes at most this long (a slow app then pays fewer). */
const TOP_UP_SECONDS = 90;
const DATABASES = listFromEnv("BENCH_DATABASES", ["sqlite", "postgresql"], ["sqlite", "postgresql"]);
const TARGETS = { intakeRatio: 0.5, p99Ms: 50, rssMb: 400 };
/** Unpaid orders the bare handler seeds: more than it can pay in one phase. */
const BARE_ORDERS = 100_000;

const phase = { concurrency: CONCURRENCY, warmupSeconds: WARMUP_SECONDS, seconds: SECONDS };

function progress(line: string): void {
  process.stderr.write(`· ${line}\n`);
}

/** One sandbox data directory for every stack of the run: the same test keys throughout. */
type Shared = { workDir: string; sandboxDir: string; postgresUrl: string | null };
type SandboxConfig = { app_id: string; seller_id: string; alipayPublicKey: string };
type FirstStack = { rsaVerify: number; gateway: ClosedLoopResult };

/** The empty Next route: its maximum rate (closed loop), then its latency at the intake's offered rate. */
async function measureEmptyNext(kind: string, floorDir: string, workDir: string): Promise<EmptyNextFigures> {
  progress(`[${kind}] floor: the empty Next.js route`);
  const server = await startNextFloor(floorDir, path.join(workDir, `next-floor-${kind}.log`));
  const memory = sampleMemory(findListeningPid(server.port));
  try {
    // A body of a real notification's size: the route reads it and answers.
    const body = "notify_type=trade_status_sync&".padEnd(1200, "x");
    const result = await sizedClosedLoop(server, NEXT_FLOOR_PATH, () => body, phase);
    const latency = await withAgent(1024, (agent) =>
      runOpenLoop(() => postNotification(agent, `${server.url}${NEXT_FLOOR_PATH}`, body), { rate: OFFERED_RATE, warmupSeconds: LATENCY_WARMUP_SECONDS, seconds: LATENCY_SECONDS }),
    );
    return { ...result, latency, memory: memory.stop() };
  } finally {
    memory.stop();
    await server.stop();
  }
}

/** settle() with its note, if any, in the progress lines. */
async function settleNoted(kind: string, databaseUrl: string): Promise<void> {
  const note = await settle(databaseUrl);
  if (note) progress(`[${kind}] ${note}`);
}

async function measureBare(kind: string, databaseUrl: string, config: SandboxConfig, merchant: Merchant, alipayKey: ReturnType<typeof loadPrivateKey>, workDir: string): Promise<DatabaseFigures["bare"]> {
  progress(`[${kind}] floor: the bare node:http handler`);
  const server = await startBareFloor(databaseUrl, config.alipayPublicKey, BARE_ORDERS, path.join(workDir, `bare-${kind}.log`));
  try {
    // Its 100,000 seeded orders written out before it is timed.
    await settleNoted(kind, databaseUrl);
    const body = (i: number) => tradeSuccessBody(merchant, { outTradeNo: `${BARE_ORDER_PREFIX}${i}`, totalAmount: "1.00", subject: "bench floor" }, alipayKey, i);
    const result = await sizedClosedLoop(server, "/", body, phase);
    const status = await server.status();
    return { ...result, paid: status.paid, settings: describeSettings(status.settings) };
  } finally {
    await server.stop();
  }
}

/** The sandbox-only floors, measured once, in the first stack (they need its keys and gateway). */
async function measureSandboxFloors(sandboxUrl: string, appUrl: string, config: SandboxConfig, merchant: Merchant, keys: { app: string; alipay: string }): Promise<FirstStack> {
  progress("floor: RSA2 verify; precreate through the gateway client");
  const alipayKey = loadPrivateKey(keys.alipay);
  const sample = decodeForm(tradeSuccessBody(merchant, { outTradeNo: "V1", totalAmount: "1.00", subject: "verify" }, alipayKey, 0)).params;
  const rsaVerify = rsaVerifyRate(sample, loadPublicKey(config.alipayPublicKey));
  const gateway = await gatewayPrecreateRate({
    appId: config.app_id,
    appPrivateKey: loadPrivateKey(keys.app),
    alipayPublicKey: loadPublicKey(config.alipayPublicKey),
    gatewayUrl: `${sandboxUrl}/gateway.do`,
    notifyUrl: `${appUrl}/api/alipay/notify`,
    ...phase,
  });
  return { rsaVerify, gateway };
}

async function dropFloorSchema(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl);
  await db.$executeRawUnsafe("DROP SCHEMA IF EXISTS bench_floor CASCADE").finally(() => db.$disconnect());
}

async function benchDatabase(kind: string, shared: Shared, floorDir: string, first: FirstStack | null): Promise<{ figures: DatabaseFigures; first: FirstStack }> {
  const databaseUrl = kind === "sqlite" ? `file:${path.join(shared.workDir, "console.db")}` : shared.postgresUrl!;
  const floorUrl = kind === "sqlite" ? `file:${path.join(shared.workDir, "floor.db")}` : databaseUrl;
  const appPort = await freePort();
  progress(`[${kind}] starting the sandbox and next start`);
  const stack = await startStack({
    appPort,
    sandboxPort: await freePort(),
    databaseUrl,
    sandboxDataDir: shared.sandboxDir,
    timeScale: 60,
    fresh: false,
    apiKeyName: "bench-intake",
    authSecretFile: path.join(shared.workDir, "auth-secret.test-key"),
    output: { app: { file: path.join(shared.workDir, `app-${kind}.log`) }, sandbox: { file: path.join(shared.workDir, `sandbox-${kind}.log`) } },
  });
  const appPid = findListeningPid(appPort);
  const memory = sampleMemory(appPid);
  try {
    const config = (await (await fetch(`${stack.sandboxUrl}/api/config`)).json()) as SandboxConfig;
    const merchant: Merchant = { appId: config.app_id, sellerId: config.seller_id };
    const keys = { app: readFileSync(stack.appPrivateKeyFile, "utf8"), alipay: readFileSync(path.join(shared.sandboxDir, "keys", "alipay-private.test-key.pem"), "utf8") };
    const alipayKey = loadPrivateKey(keys.alipay);
    const settings = await durabilitySettings(databaseUrl);
    const bare = await measureBare(kind, floorUrl, config, merchant, alipayKey, shared.workDir);
    if (kind !== "sqlite") await dropFloorSchema(floorUrl);
    let emptyNext: EmptyNextFigures | undefined;
    const settleDatabase = () => settleNoted(kind, databaseUrl);
    first ??= await measureSandboxFloors(stack.sandboxUrl, stack.appUrl, config, merchant, keys);
    const options: IntakeOptions = {
      databaseUrl,
      appPid,
      topUpSeconds: TOP_UP_SECONDS,
      merchant,
      alipayPrivateKey: alipayKey,
      ...phase,
      offeredRate: OFFERED_RATE,
      latencyWarmupSeconds: LATENCY_WARMUP_SECONDS,
      latencySeconds: LATENCY_SECONDS,
      settle: settleDatabase,
      // Right before the intake's closed loop: both at the machine's same speed (it drifts by a third).
      beforeIntake: async () => {
        emptyNext = await measureEmptyNext(kind, floorDir, shared.workDir);
      },
    };
    const intake = await benchIntake(stack, options, (line) => progress(`[${kind}] ${line}`));
    if (!emptyNext) throw new Error("the intake ran without measuring the empty route");
    const label = kind === "sqlite" ? "SQLite" : "PostgreSQL";
    return { figures: { ...intake, label, emptyNext, settings: describeSettings(settings), durable: isDurable(settings), bare, memory: memory.stop() }, first };
  } finally {
    memory.stop();
    await stack.stop();
  }
}

function header(postgresOrigin: string | null): string[] {
  return [
    `Notification intake benchmark: next start (production build), Node ${process.version}, ${availableParallelism()} cores`,
    "  shared by the app, the sandbox, the database and this load generator (and whatever else runs on the machine)",
    `closed loops: ${CONCURRENCY} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured`,
    `open loop: ${OFFERED_RATE}/s, ${LATENCY_WARMUP_SECONDS} s warm-up + ${LATENCY_SECONDS} s (1 s + 2 s when the intake's maximum is below ${OFFERED_RATE}/s), latency from each scheduled send`,
    "the empty Next route (same V8 flags as npm start) is measured right before each database's intake closed loop (the machine's",
    "  speed drifts), both closed and at the offered rate; before each timed phase the database is checkpointed and the file system",
    "  synced, so that no phase pays for the writes of the one before",
    "background worker off (WORKER_DISABLED=1): thousands of open orders would otherwise be queried at the sandbox meanwhile",
    ...(postgresOrigin ? [`PostgreSQL: ${postgresOrigin}`] : []),
  ];
}

async function main(): Promise<void> {
  // The stack spreads process.env into the app: the worker stays off for the whole run.
  process.env.WORKER_DISABLED = "1";
  await ensureConsoleBuild(progress);
  const workDir = mkdtempSync(path.join(tmpdir(), "bench-intake-"));
  progress("building the empty Next app (once per Next version)");
  const floorDir = await buildNextFloor();
  const postgres = DATABASES.includes("postgresql") ? await startBenchPostgres() : null;
  // Ctrl-C stops the servers of the stack (same process group), but not a cluster that pg_ctl daemonized.
  process.once("SIGINT", () => void (postgres?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
  const shared: Shared = { workDir, sandboxDir: path.join(workDir, "sandbox"), postgresUrl: postgres?.url ?? null };
  try {
    const databases: DatabaseFigures[] = [];
    let first: FirstStack | null = null;
    for (const kind of DATABASES) {
      const result = await benchDatabase(kind, shared, floorDir, first);
      databases.push(result.figures);
      first = result.first;
    }
    const report = { header: header(postgres?.origin ?? null), rsaVerify: first?.rsaVerify ?? Number.NaN, gateway: first?.gateway ?? null, databases, targets: TARGETS };
    console.log(`\n${formatReport(report)}`);
    rmSync(workDir, { recursive: true, force: true });
  } catch (error) {
    progress(`logs kept in ${workDir}`);
    throw error;
  } finally {
    await postgres?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
