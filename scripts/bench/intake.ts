// One database's run of the intake benchmark against the whole stack (scripts/stack.ts: the sandbox and
// `next start`): orders created through the API (each one a real precreate at the sandbox), then paid
// with signed TRADE_SUCCESS notifications POSTed to /api/alipay/notify at the maximum sustained rate
// and at a fixed offered rate, then proof from the database that every `success` was an applied payment.
import type { KeyObject } from "node:crypto";
import { createDb } from "@/lib/db";
import { formatYuan } from "@/lib/money";
import type { Stack } from "../stack";
import { type ClosedLoopResult, type Job, type OpenLoopResult, keepAliveAgent, post, runClosedLoop, runOpenLoop } from "./load";
import { type Merchant, NOTIFY_CONTENT_TYPE, type PaidTrade, tradeSuccessBody } from "./notifications";

export type IntakeOptions = {
  databaseUrl: string;
  merchant: Merchant;
  alipayPrivateKey: KeyObject;
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  offeredRate: number;
  latencySeconds: number;
};

export type Tally = { success: number; failure: number };

export type Verification = { successReplies: number; applied: number; paid: number; notifications: number; sampled: number; problems: string[] };

export type IntakeFigures = { orders: ClosedLoopResult; intake: ClosedLoopResult; latency: OpenLoopResult; verification: Verification };

/** The orders the run creates and pays, in creation order; `used` of them have had their notification. */
type OrderPool = { prefix: string; issued: number; created: PaidTrade[]; used: number };

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

/** Creates orders for a timed phase (`seconds` > 0), or until `count` more are issued. */
async function createOrders(stack: Stack, pool: OrderPool, options: IntakeOptions, limit: { seconds: number; warmupSeconds: number } | { count: number }): Promise<ClosedLoopResult> {
  const agent = keepAliveAgent(options.concurrency);
  const stopAt = "count" in limit ? pool.issued + limit.count : Infinity;
  const next: Job = () => (pool.issued < stopAt ? orderJob(stack, pool, agent) : null);
  try {
    const timing = "count" in limit ? { warmupSeconds: 0, seconds: 600 } : limit;
    return await runClosedLoop(next, { concurrency: options.concurrency, ...timing });
  } finally {
    agent.destroy();
  }
}

/** Signs the notifications of the pool's unused orders (before a phase: the signing must not compete with the server). */
function signUnused(pool: OrderPool, options: IntakeOptions): string[] {
  return pool.created.slice(pool.used).map((trade, i) => tradeSuccessBody(options.merchant, trade, options.alipayPrivateKey, pool.used + i));
}

/** A source of notification jobs over pre-signed bodies; counts every reply in `tally`. */
function notificationJobs(url: string, bodies: string[], pool: OrderPool, tally: Tally, agent: ReturnType<typeof keepAliveAgent>): Job {
  let index = 0;
  return () => {
    if (index >= bodies.length) return null;
    const body = bodies[index++]!;
    pool.used++;
    return post(agent, url, body, { "content-type": NOTIFY_CONTENT_TYPE }).then((reply) => {
      const ok = reply.status === 200 && reply.text === "success";
      tally[ok ? "success" : "failure"]++;
      return ok;
    });
  };
}

async function withAgent<T>(maxSockets: number, work: (agent: ReturnType<typeof keepAliveAgent>) => Promise<T>): Promise<T> {
  const agent = keepAliveAgent(maxSockets);
  try {
    return await work(agent);
  } finally {
    agent.destroy();
  }
}

/** Every `success` must be a payment applied: counted in the database, and a sample read back through the API. */
async function verify(stack: Stack, pool: OrderPool, tally: Tally, databaseUrl: string): Promise<Verification> {
  const db = createDb(databaseUrl);
  const problems: string[] = [];
  try {
    const [applied, paid, notifications] = await Promise.all([
      db.notification.count({ where: { outcome: "APPLIED" } }),
      db.order.count({ where: { status: "PAID", outTradeNo: { startsWith: pool.prefix } } }),
      db.notification.count(),
    ]);
    if (tally.failure > 0) problems.push(`${tally.failure} notifications were not answered \`success\``);
    if (applied !== tally.success) problems.push(`${tally.success} answered \`success\` but ${applied} notifications are APPLIED`);
    if (paid !== tally.success) problems.push(`${tally.success} answered \`success\` but ${paid} orders are PAID`);
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

/** How many orders the timed phases will consume at `rate`, with a margin. */
function ordersNeeded(rate: number, options: IntakeOptions): number {
  const closedLoop = Math.ceil(rate * 1.4 * (options.warmupSeconds + options.seconds)) + options.concurrency;
  const openLoop = Math.ceil(options.offeredRate * (1 + options.latencySeconds));
  return Math.min(60_000, closedLoop + openLoop);
}

export async function benchIntake(stack: Stack, options: IntakeOptions, progress: (line: string) => void): Promise<IntakeFigures> {
  const pool: OrderPool = { prefix: `BI${Date.now().toString(36)}`, issued: 0, created: [], used: 0 };
  const notifyUrl = `${stack.appUrl}/api/alipay/notify`;
  const tally: Tally = { success: 0, failure: 0 };

  progress("orders: POST /api/v1/orders (closed loop)");
  const orders = await createOrders(stack, pool, options, { warmupSeconds: options.warmupSeconds, seconds: options.seconds });

  // A short probe (which also warms the route up) sizes the pool for the timed phases.
  const probe = await withAgent(options.concurrency, (agent) =>
    runClosedLoop(notificationJobs(notifyUrl, signUnused(pool, options), pool, tally, agent), { concurrency: options.concurrency, warmupSeconds: 0, seconds: 2 }),
  );
  const missing = ordersNeeded(probe.rate, options) - (pool.created.length - pool.used);
  progress(`probe: ${probe.rate.toFixed(0)} notifications/s; creating ${Math.max(0, missing)} more orders`);
  if (missing > 0) await createOrders(stack, pool, options, { count: missing });

  progress("intake: POST /api/alipay/notify (closed loop)");
  const intake = await withAgent(options.concurrency, (agent) =>
    runClosedLoop(notificationJobs(notifyUrl, signUnused(pool, options), pool, tally, agent), options),
  );
  progress(`latency: ${options.offeredRate}/s offered (open loop)`);
  const latencyBodies = signUnused(pool, options).slice(0, Math.ceil(options.offeredRate * (1 + options.latencySeconds)));
  const latency = await withAgent(1024, (agent) =>
    runOpenLoop(notificationJobs(notifyUrl, latencyBodies, pool, tally, agent), { rate: options.offeredRate, warmupSeconds: 1, seconds: options.latencySeconds }),
  );
  const verification = await verify(stack, pool, tally, options.databaseUrl);
  return { orders, intake, latency, verification };
}
