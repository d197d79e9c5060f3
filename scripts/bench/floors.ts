// The floors the intake benchmark measures in the same run, on the same machine: the framework's own
// ceiling (an empty Next.js POST route under `next start`, built once into a temporary directory, never
// into the console), the work's ceiling (scripts/bench/bare-intake-server.ts), the raw RSA2 verify rate,
// and the sandbox's precreate rate through the console's own gateway client without the console.
import type { ChildProcess } from "node:child_process";
import { createHash, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createGatewayClient } from "@/lib/alipay/gateway-client";
import { verifyNotifySignature } from "@/lib/alipay/notify";
import { ROOT, freePort, run, start, stop, waitForHttp } from "../processes";
import { START_FLAGS } from "../stack";
import { type ClosedLoopResult, type Job, keepAliveAgent, runClosedLoop } from "./load";
import { postNotification } from "./notifications";
import { findListeningPid, withCpuPerAnswer } from "./proc";

const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export type Server = { url: string; port: number; process: ChildProcess; stop(): Promise<void> };

/** The empty app: one POST route that reads the body and answers `success`, as JavaScript (no type check in its build). */
const NEXT_FLOOR_FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "bench-next-floor", private: true, type: "module" }),
  // The app lives outside the project, its node_modules is a link to the project's: Turbopack must see both.
  "next.config.mjs": 'export default { poweredByHeader: false, turbopack: { root: "/" } };\n',
  "app/layout.js": "export default function RootLayout({ children }) {\n  return <html><body>{children}</body></html>;\n}\n",
  "app/api/notify/route.js": [
    'export const dynamic = "force-dynamic";',
    "export async function POST(request) {",
    "  await request.arrayBuffer();",
    '  return new Response("success", { headers: { "content-type": "text/plain; charset=utf-8" } });',
    "}",
    "",
  ].join("\n"),
};

export const NEXT_FLOOR_PATH = "/api/notify";

function nextFloorDir(): string {
  const version = (JSON.parse(readFileSync(path.join(ROOT, "node_modules", "next", "package.json"), "utf8")) as { version: string }).version;
  const hash = createHash("sha256").update(JSON.stringify(NEXT_FLOOR_FILES)).update(version).digest("hex").slice(0, 12);
  return path.join(tmpdir(), `bench-intake-next-floor-${version}-${hash}`);
}

/** Builds the empty app once per Next version (kept in the temporary directory for the next runs). */
export async function buildNextFloor(): Promise<string> {
  const dir = nextFloorDir();
  if (existsSync(path.join(dir, ".next", "BUILD_ID"))) return dir;
  for (const [file, text] of Object.entries(NEXT_FLOOR_FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  if (!existsSync(path.join(dir, "node_modules"))) symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const log = openSync(path.join(dir, "build.log"), "w");
  await run(process.execPath, [NEXT_BIN, "build", dir], { stdio: ["ignore", log, log], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } }).catch((error: Error) => {
    throw new Error(`${error.message}: see ${path.join(dir, "build.log")}`);
  });
  return dir;
}

/** `next start` on the empty app, production, same Node and V8 flags as the console (`npm start`). */
export async function startNextFloor(dir: string, logFile: string): Promise<Server> {
  const port = await freePort();
  const child = start(process.execPath, [...START_FLAGS, NEXT_BIN, "start", dir, "-p", String(port)], { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }, { file: logFile });
  const url = `http://localhost:${port}`;
  await waitForHttp(`${url}${NEXT_FLOOR_PATH}`, child, "the empty Next app");
  return { url, port, process: child, stop: () => stop(child) };
}

/** The unpaid orders the bare handler seeds: F0…F(n-1). */
export const BARE_ORDER_PREFIX = "F";

export type BareServer = Server & { status(): Promise<{ settings: Record<string, string>; paid: number }> };

/** The bare handler on `databaseUrl`, with `orders` unpaid orders seeded. */
export async function startBareFloor(databaseUrl: string, alipayPublicKey: string, orders: number, logFile: string): Promise<BareServer> {
  const port = await freePort();
  const env = {
    ...process.env,
    BARE_PORT: String(port),
    BARE_DATABASE_URL: databaseUrl,
    BARE_ALIPAY_PUBLIC_KEY: alipayPublicKey,
    BARE_ORDERS: String(orders),
    BARE_ORDER_PREFIX: BARE_ORDER_PREFIX,
  };
  const child = start(process.execPath, ["--import", "tsx", "scripts/bench/bare-intake-server.ts"], env, { file: logFile });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, child, "the bare intake handler");
  const status = async () => {
    const { paid, ...settings } = (await (await fetch(url)).json()) as Record<string, string>;
    return { settings, paid: Number(paid) };
  };
  return { url, port, process: child, status, stop: () => stop(child) };
}

export type SizedPhase = { concurrency: number; warmupSeconds: number; seconds: number };

/**
 * The maximum sustained rate of `route` on `server` for bodies made by `bodyFor(i)` (each used once): a
 * probe (which warms the server up too) sizes how many to make beforehand, so that the signing stays out
 * of the timed phase (should they run out, more are made on the way). Adds the server process's CPU time
 * per answer in the measured window.
 */
export async function sizedClosedLoop(
  server: { url: string; port: number },
  route: string,
  bodyFor: (index: number) => string,
  phase: SizedPhase,
): Promise<ClosedLoopResult & { success: number; cpuMs: number }> {
  let made = 0;
  let success = 0;
  const agent = keepAliveAgent(phase.concurrency);
  const jobs = (count: number): Job => {
    const bodies = Array.from({ length: count }, () => bodyFor(made++));
    let index = 0;
    return () => {
      const body = bodies[index++] ?? bodyFor(made++);
      return postNotification(agent, `${server.url}${route}`, body).then((ok) => {
        if (ok) success++;
        return ok;
      });
    };
  };
  try {
    const probe = await runClosedLoop(jobs(2000), { concurrency: phase.concurrency, warmupSeconds: 1, seconds: 2 });
    const timed = jobs(Math.ceil(probe.rate * 1.5 * (phase.warmupSeconds + phase.seconds)) + phase.concurrency);
    const result = await withCpuPerAnswer(findListeningPid(server.port), (meter) => runClosedLoop(timed, { ...phase, meter }));
    return { ...result, errors: result.errors + probe.errors, firstError: probe.firstError ?? result.firstError, success };
  } finally {
    agent.destroy();
  }
}

/** RSA2 (V1) verifications per second on one thread, key object parsed once, over real notification params. */
export function rsaVerifyRate(params: Record<string, string>, publicKey: KeyObject, seconds = 1): number {
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < deadline) {
    if (verifyNotifySignature(params, publicKey).verdict !== "VALID") throw new Error("the sample notification does not verify");
    count++;
  }
  return count / seconds;
}

export type GatewayFloorOptions = {
  appId: string;
  appPrivateKey: KeyObject;
  alipayPublicKey: KeyObject;
  gatewayUrl: string;
  notifyUrl: string;
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
};

/** alipay.trade.precreate straight through lib/alipay/gateway-client.ts: the sandbox's answer rate to one client. */
export async function gatewayPrecreateRate(options: GatewayFloorOptions): Promise<ClosedLoopResult> {
  const client = createGatewayClient({ appId: options.appId, appPrivateKey: options.appPrivateKey, alipayPublicKey: options.alipayPublicKey, gatewayUrl: options.gatewayUrl });
  const run = Date.now().toString(36);
  let index = 0;
  const next: Job = () =>
    client
      .call("alipay.trade.precreate", { out_trade_no: `G${run}${index++}`, total_amount: "0.01", subject: "bench floor" }, { notifyUrl: options.notifyUrl })
      .then((call) => call.outcome === "SUCCESS" && typeof call.node?.qr_code === "string");
  return runClosedLoop(next, options);
}
