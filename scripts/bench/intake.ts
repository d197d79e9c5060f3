// One database's run of the intake benchmark against the whole stack (scripts/stack.ts: the sandbox and
// `next start`): orders created through the API (each one a real precreate at the sandbox), then paid
// with signed TRADE_SUCCESS notifications POSTed to /api/alipay/notify at the maximum sustained rate
// and at a fixed offered rate, then proof from the database that every `success` was an applied payment.
import type { KeyObject } from "node:crypto";
import { createDb } from "@/lib/db";
import { formatYuan } from "@/lib/money";
import type { Stack } from "../stack";
import { type ClosedLoopResult, type Job, type OpenLoopResult, keepAliveAgent, post, runClosedLoop, runOpenLoop, withAgent } from "./load";
import { type Merchant, type PaidTrade, postNotification, tradeSuccessBody } from "./notifications";
import { withCpuPerAnswer, withCpuPerRequest } from "./proc";

export type IntakeOptions = {
  databaseUrl: string;
  /** The next-server process: its CPU time per request is reported. */
  appPid: number;
  /** The longest the run may spend creating the orders the timed phases need. */
  topUpSeconds: number;
  merchant: Merchant;
  alipayPrivateKey: KeyObject;
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  offeredRate: number;
  latencyWarmupSeconds: number;
  latencySeconds: number;
  /** Writes out what the phases so far left behind (databases.ts settle), before each timed phase. */
  settle: () => Promise<void>;
  /** Runs right before the intake's closed loop (after its settle), its orders made and signed: the empty route's floor. */
  beforeIntake: () => Promise<void>;
};

export type Tally = { success: number; failure: number };

export type Verification = { successReplies: number; applied: number; paid: number; notifications: number; sampled: number; problems: string[] };

type WithCpu = { cpuMs: number };

export type IntakeFigures = {
  orders: ClosedLoopResult & WithCpu;
  intake: ClosedLoopResult & WithCpu;
  /** `seconds`: the measured window, short when the intake's maximum rate is below the offered rate. */
  latency: OpenLoopResult & WithCpu & { seconds: number };
  verification: Verification;
};

/** The orders the run creates and pays, in creation order; `used` of them have had their notification. */
export type OrderPool = { prefix: string; issued: number; created: PaidTrade[]; used: number };

function orderJob(stack: Stack, pool: OrderPool, agent: ReturnType<typeof keepAliveAgent>): Promise<boolean> {
  const i = pool.issued++;
  const trade: PaidTrade = { outTradeNo: `${pool.prefix}${i}`, totalAmount: formatYuan(100 + (i % 9900)), subject: "bench intake" };
  const body = JSON.stringify({ outTradeNo: trade.outTradeNo, amount: trade.totalAmount, subject: trade.subject });
  return post(agent, `${stack.appUrl}/api/v1/orders`, body, { "content-type": "application/json", authorization: `Bearer ${stack.apiKey}` }).then((reply) => {
    const ok = reply.status === 201 && typeof (JSON.parse(reply.text) as { qrCode?: unknown }).qrCode === "string";
    if (ok) pool.created.push(trade);
    return ok;
  });
}

type OrderPhase = { seconds: number; warmupSeconds: number; meter: () => number } | { count: number };

/** Creates orders for a timed phase, or until `count` more are issued (within `options.topUpSeconds`). */
export async function createOrders(stack: Stack, pool: OrderPool, options: Pick<IntakeOptions, "concurrency" | "topUpSeconds">, phase: OrderPhase): Promise<ClosedLoopResult> {
  const agent = keepAliveAgent(options.concurrency);
  const stopAt = "count" in phase ? pool.issued + phase.count : Infinity;
  const next: Job = () => (pool.issued < stopAt ? orderJob(stack, pool, agent) : null);
  try {
    const timing = "count" in phase ? { warmupSeconds: 0, seconds: options.topUpSeconds } : phase;
    return await runClosedLoop(next, { concurrency: options.concurrency, ...timing });
  } finally {
    agent.destroy();
  }
}

/** Creates orders until `needed` are waiting for their notification (or the top-up time runs out). */
async function topUp(stack: Stack, pool: OrderPool, options: IntakeOptions, needed: number, progress: (line: string) => void): Promise<void> {
  const missing = Math.min(60_000, needed) - (pool.created.length - pool.used);
  if (missing <= 0) return;
  progress(`creating ${missing} more orders (at most ${options.topUpSeconds} s)`);
  await createOrders(stack, pool, options, { count: missing });
}

/** Signs the notifications of the pool's unused orders (before a phase: the signing must not compete with the server). */
export function signUnused(pool: OrderPool, options: Pick<IntakeOptions, "merchant" | "alipayPrivateKey">): string[] {
  return pool.created.slice(pool.used).map((trade, i) => tradeSuccessBody(options.merchant, trade, options.alipayPrivateKey, pool.used + i));
}

/** A source of notification jobs over pre-signed bodies; counts every reply in `tally`. */
function notificationJobs(url: string, bodies: string[], pool: OrderPool, tally: Tally, agent: ReturnType<typeof keepAliveAgent>): Job {
  let index = 0;
  return () => {
    if (index >= bodies.length) return null;
    const body = bodies[index++]!;
    pool.used++;
    return postNotification(agent, url, body).then((ok) => {
      tally[ok ? "success" : "failure"]++;
      return ok;
    });
  };
}

/** Every `success` must be a payment applied: counted in the database, and a sample read back through the API. */
async function verify(stack: Stack, pool: OrderPool, tally: Tally, databaseUrl: string): Promise<Verification> {
  const db = createDb(databaseUrl);
  const problems: string[] = [];
  try {
    const [applied, paid, notifications] = await Promise.all([
      db.notification.count({ where: { outcome: "APPLIED", outTradeNo: { startsWith: pool.prefix } } }),
      db.order.count({ where: { status: "PAID", outTradeNo: { startsWith: pool.prefix } } }),
      db.notification.count({ where: { outTradeNo: { startsWith: pool.prefix } } }),
    ]);
    if (tally.failure > 0) problems.push(`${tally.failure} notifications were not answered \`success\``);
    if (applied !== tally.success) problems.push(`${tally.success} answered \`success\` but ${applied} notifications are APPLIED`);
    if (paid !== tally.success) problems.push(`${tally.success} answered \`success\` but ${paid} orders are PAID`);
    if (notifications !== tally.success + tally.failure) problems.push(`${tally.success + tally.failure} notifications sent but ${notifications} stored`);
    const step = Math.max(1, Math.floor(pool.used / 10));
    let sampled = 0;
    for (let i = 0; i < pool.used; i += step) {
      const trade = pool.created[i]!;
      const response = await fetch(`${stack.appUrl}/api/v1/orders/${trade.outTradeNo}`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
      const order = (await response.json()) as { status?: string; alipayOutTradeNo?: string; paidAmount?: string };
      if (order.status !== "PAID" || order.alipayOutTradeNo !== trade.outTradeNo || order.paidAmount !== trade.totalAmount) {
        problems.push(`order ${trade.outTradeNo} reads back as ${JSON.stringify(order).slice(0, 200)}`);
      }
      sampled++;
    }
    return { successReplies: tally.success, applied, paid, notifications, sampled, problems };
  } finally {
    await db.$disconnect();
  }
}

/** Below the offered rate the queue grows for as long as the phase lasts: a short phase shows it as well. */
const SATURATED_LATENCY_SECONDS = 2;

export async function benchIntake(stack: Stack, options: IntakeOptions, progress: (line: string) => void): Promise<IntakeFigures> {
  const pool: OrderPool = { prefix: `BI${Date.now().toString(36)}`, issued: 0, created: [], used: 0 };
  const notifyUrl = `${stack.appUrl}/api/alipay/notify`;
  const tally: Tally = { success: 0, failure: 0 };
  const notify = (bodies: string[], agent: ReturnType<typeof keepAliveAgent>) => notificationJobs(notifyUrl, bodies, pool, tally, agent);

  // A fresh server loads and compiles each route on its first requests: that is not what is measured.
  progress("warming up: a few orders and notifications");
  await createOrders(stack, pool, { ...options, concurrency: 4 }, { count: 40 });
  await withAgent(4, (agent) => runClosedLoop(notify(signUnused(pool, options), agent), { concurrency: 4, warmupSeconds: 0, seconds: 60 }));

  await options.settle();
  progress("orders: POST /api/v1/orders (closed loop)");
  const orders = await withCpuPerAnswer(options.appPid, (meter) => createOrders(stack, pool, options, { warmupSeconds: options.warmupSeconds, seconds: options.seconds, meter }));

  // A probe sizes the pool for the closed loop, twice over (at least 10/s: a stall in the probe must not starve it).
  const probe = await withAgent(options.concurrency, (agent) => runClosedLoop(notify(signUnused(pool, options), agent), { concurrency: options.concurrency, warmupSeconds: 1, seconds: 3 }));
  progress(`probe: ${probe.rate.toFixed(0)} notifications/s`);
  await topUp(stack, pool, options, Math.ceil(Math.max(10, probe.rate) * 2 * (options.warmupSeconds + options.seconds)) + options.concurrency, progress);

  const intakeBodies = signUnused(pool, options);
  // Settled once for both: the empty route's floor writes nothing to the database.
  await options.settle();
  await options.beforeIntake();
  progress("intake: POST /api/alipay/notify (closed loop)");
  const intake = await withAgent(options.concurrency, (agent) =>
    withCpuPerAnswer(options.appPid, (meter) => runClosedLoop(notify(intakeBodies, agent), { ...options, meter })),
  );

  const saturated = intake.rate < options.offeredRate;
  const latencySeconds = saturated ? SATURATED_LATENCY_SECONDS : options.latencySeconds;
  // Below the offered rate a long warm-up only grows the queue the short phase starts with.
  const latencyWarmupSeconds = saturated ? 1 : options.latencyWarmupSeconds;
  const latencyCount = Math.ceil(options.offeredRate * (latencyWarmupSeconds + latencySeconds));
  await topUp(stack, pool, options, latencyCount, progress);
  progress(`latency: ${options.offeredRate}/s offered for ${latencyWarmupSeconds} + ${latencySeconds} s (open loop)${saturated ? ", short: the intake's maximum is below it" : ""}`);
  const latencyBodies = signUnused(pool, options).slice(0, latencyCount);
  await options.settle();
  const latency = await withAgent(1024, (agent) =>
    withCpuPerRequest(options.appPid, () => runOpenLoop(notify(latencyBodies, agent), { rate: options.offeredRate, warmupSeconds: latencyWarmupSeconds, seconds: latencySeconds })),
  );
  const verification = await verify(stack, pool, tally, options.databaseUrl);
  return { orders, intake, latency: { ...latency, seconds: latencySeconds }, verification };
}
