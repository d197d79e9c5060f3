// `npm run bench:live`: the console's live feed fanned out to 200 operator streams (GET /api/events, each
// signed in) while signed TRADE_SUCCESS notifications pay orders at 100/s, under `next start` (production
// build, worker off), on SQLite and on PostgreSQL: p50/p99/max from each notification's POST (and from
// the receivedAt the console stored) to its notification item and its order's event arriving on every
// stream, whether every stream got every item, app RSS and CPU. Floors measured in the same run: the same
// notifications with one stream (the feed without fan-out) and with none (the intake alone, before and
// after the fan-out: the machine's speed drifts). Targets: p99 ≤ 500 ms, app RSS ≤ 500 MB. Printed, never
// asserted. BENCH_SECONDS, BENCH_STREAMS, BENCH_DATABASES=sqlite,postgresql, BENCH_POSTGRES_URL.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { loadPrivateKey } from "@/lib/alipay/keys";
import { freePort } from "./processes";
import { startStack } from "./stack";
import { ensureConsoleBuild } from "./bench/build";
import { settle, startBenchPostgres } from "./bench/databases";
import { benchLive } from "./bench/live";
import { type LiveDatabaseFigures, formatLiveReport } from "./bench/live-report";
import { findListeningPid, sampleMemory } from "./bench/proc";
import { listFromEnv, wholeNumberFromEnv } from "./bench/settings";
import { signIn } from "./bench/sign-in";

const STREAMS = wholeNumberFromEnv("BENCH_STREAMS", 200);
const SECONDS = wholeNumberFromEnv("BENCH_SECONDS", 20);
const WARMUP_SECONDS = 5;
const RATE = 100;
/** Distinct operators, each signed in once; the streams take their sessions in turn. */
const ACCOUNTS = 10;
const DATABASES = listFromEnv("BENCH_DATABASES", ["sqlite", "postgresql"], ["sqlite", "postgresql"]);
const TARGETS = { p99Ms: 500, rssMb: 500 };

function progress(line: string): void {
  process.stderr.write(`· ${line}\n`);
}

async function benchDatabase(kind: string, workDir: string, postgresUrl: string | null): Promise<LiveDatabaseFigures> {
  const databaseUrl = kind === "sqlite" ? `file:${path.join(workDir, "console.db")}` : postgresUrl!;
  const sandboxDir = path.join(workDir, "sandbox");
  const appPort = await freePort();
  progress(`[${kind}] starting the sandbox and next start`);
  const stack = await startStack({
    appPort,
    sandboxPort: await freePort(),
    databaseUrl,
    sandboxDataDir: sandboxDir,
    timeScale: 60,
    fresh: false,
    apiKeyName: "bench-live",
    users: Array.from({ length: ACCOUNTS }, (_, i) => ({ email: `operator${i + 1}@bench.test`, role: "operator" as const })),
    authSecretFile: path.join(workDir, "auth-secret.test-key"),
    output: { app: { file: path.join(workDir, `app-${kind}.log`) }, sandbox: { file: path.join(workDir, `sandbox-${kind}.log`) } },
  });
  const appPid = findListeningPid(appPort);
  const memory = sampleMemory(appPid);
  try {
    const config = (await (await fetch(`${stack.sandboxUrl}/api/config`)).json()) as { app_id: string; seller_id: string };
    const cookies: string[] = [];
    for (const user of stack.users) cookies.push(await signIn(stack.appUrl, user.email, user.password!));
    const figures = await benchLive(
      stack,
      {
        databaseUrl,
        appPid,
        merchant: { appId: config.app_id, sellerId: config.seller_id },
        alipayPrivateKey: loadPrivateKey(readFileSync(path.join(sandboxDir, "keys", "alipay-private.test-key.pem"), "utf8")),
        cookies,
        streams: STREAMS,
        rate: RATE,
        warmupSeconds: WARMUP_SECONDS,
        seconds: SECONDS,
        settle: async () => {
          const note = await settle(databaseUrl);
          if (note) progress(`[${kind}] ${note}`);
        },
      },
      (line) => progress(`[${kind}] ${line}`),
    );
    return { ...figures, label: kind === "sqlite" ? "SQLite" : "PostgreSQL", memory: memory.stop() };
  } finally {
    memory.stop();
    await stack.stop();
  }
}

function header(postgresOrigin: string | null, load: [number, number]): string[] {
  return [
    `Live fan-out benchmark: next start (production build), Node ${process.version}, ${availableParallelism()} cores, load average ${load[0].toFixed(1)} at the start, ${load[1].toFixed(1)} at the end`,
    "  shared by the app, the sandbox, the database, this load generator and the stream reader (and whatever else runs on the machine)",
    `notifications: ${RATE}/s offered (open loop), ${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured per phase, each a signed TRADE_SUCCESS paying an order created through the API`,
    `streams: GET /api/events on node:http in a reader process of their own, opened at the feed's head (?since=) before each phase;`,
    `  ${ACCOUNTS} operator accounts signed in over HTTP, their sessions taken in turn; latency to the arrival of the chunk holding the item`,
    "phases: the intake alone (no stream), one stream, the fan-out, the intake alone again; the database checkpointed and synced before each",
    "background worker off (WORKER_DISABLED=1): thousands of open orders would otherwise be queried at the sandbox meanwhile",
    ...(postgresOrigin ? [`PostgreSQL: ${postgresOrigin}`] : []),
  ];
}

async function main(): Promise<void> {
  // The stack spreads process.env into the app: the worker stays off for the whole run.
  process.env.WORKER_DISABLED = "1";
  const loadAtStart = loadavg()[0]!;
  await ensureConsoleBuild(progress);
  const workDir = mkdtempSync(path.join(tmpdir(), "bench-live-"));
  const postgres = DATABASES.includes("postgresql") ? await startBenchPostgres() : null;
  // Ctrl-C stops the servers of the stack (same process group), but not a cluster that pg_ctl daemonized.
  process.once("SIGINT", () => void (postgres?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
  try {
    const databases: LiveDatabaseFigures[] = [];
    for (const kind of DATABASES) databases.push(await benchDatabase(kind, workDir, postgres?.url ?? null));
    console.log(`\n${formatLiveReport({ header: header(postgres?.origin ?? null, [loadAtStart, loadavg()[0]!]), databases, targets: TARGETS })}`);
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
