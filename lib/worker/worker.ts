// The background worker: nobody has to watch for an order to end right. It claims work one item at a
// time through leases in the database (so that several app instances on one PostgreSQL never process
// the same order or refund at once, and a lease never runs out on work still waiting its turn) and
//   - asks Alipay about open orders on a backoff, so that a lost notification is healed;
//   - closes expired orders at Alipay and locally, then watches them a while for a late payment
//     (closing the trade again if a buyer scanned the QR after a close before the scan);
//   - settles refunds whose outcome is unknown;
//   - fetches each day's trade bill once it is out and reconciles the day;
//   - checks the alert rules every few seconds and sends what they raise to the chat robots.
import "server-only";
import { randomUUID } from "node:crypto";
import { closeOrder, closeTradeAtAlipay } from "@/lib/payments/close";
import { checkAlerts } from "@/lib/alerts/check";
import { announceAlerts } from "@/lib/alerts/deliver";
import { runBillJob } from "@/lib/reconciliation/fetch-bill";
import type { PaymentsContext } from "@/lib/payments/context";
import { settleRefund } from "@/lib/payments/refunds";
import { type OrderRow, transaction } from "@/lib/payments/store";
import { syncOrder } from "@/lib/payments/sync";

export type WorkerPassResult = { orders: number; refunds: number; errors: number };

const ORDER_LEASE_MS = 2 * 60_000;
const BATCH = 50;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Takes the order for `owner` if it is still due and nobody else holds it. */
async function claimOrder(ctx: PaymentsContext, id: string, owner: string): Promise<boolean> {
  const now = ctx.now();
  const { count } = await transaction(ctx.db, (tx) =>
    tx.order.updateMany({
      where: { id, nextCheckAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + ORDER_LEASE_MS) },
    }),
  );
  return count === 1;
}

/** When to look at the order next, after this look (backing off by how often it was looked at); null when done. */
export function nextLook(ctx: PaymentsContext, order: Pick<OrderRow, "status" | "expiresAt" | "closedAt" | "checkCount">): Date | null {
  const now = ctx.now().getTime();
  const delays = ctx.settings.checkDelaysMs;
  const delay = delays[Math.min(order.checkCount, delays.length - 1)] ?? 60_000;
  const expires = order.expiresAt.getTime();
  // Open: on the backoff, and at the expiry to close it (after it, failing closes back off too).
  if (order.status === "PENDING") return new Date(expires > now ? Math.min(now + delay, expires) : now + delay);
  // Closed: watched for a late payment until the QR is surely dead and the watch is over.
  const watchUntil = Math.max(order.closedAt?.getTime() ?? 0, expires) + ctx.settings.closedWatchMs;
  if (order.status === "CLOSED" && watchUntil > now) return new Date(now + delay);
  return null;
}

async function lookAtOrder(ctx: PaymentsContext, id: string): Promise<void> {
  const order = await ctx.db.order.findUniqueOrThrow({ where: { id } });
  if (order.status === "PENDING" && order.expiresAt.getTime() <= ctx.now().getTime()) {
    await closeOrder(ctx, id, "WORKER");
  } else if (order.status === "PENDING" || order.status === "CLOSED") {
    const synced = await syncOrder(ctx, id, "WORKER");
    // Closed here before the scan, but a buyer scanned the still-living QR: close the trade itself.
    if (synced.order.status === "CLOSED" && synced.alipay === "WAIT_BUYER_PAY") await closeTradeAtAlipay(ctx, synced.order, "WORKER");
  }
}

type Processed = "SKIPPED" | "DONE" | "FAILED";

async function processOrder(ctx: PaymentsContext, id: string, owner: string): Promise<Processed> {
  if (!(await claimOrder(ctx, id, owner))) return "SKIPPED";
  let ok = true;
  try {
    await lookAtOrder(ctx, id);
  } catch (error) {
    ok = false;
    ctx.log.warn("worker.order.failed", { orderId: id, error: errorText(error) });
  } finally {
    await transaction(ctx.db, async (tx) => {
      const order = await tx.order.findUniqueOrThrow({ where: { id } });
      await tx.order.updateMany({
        where: { id, leaseOwner: owner },
        data: { nextCheckAt: nextLook(ctx, order), checkCount: { increment: 1 }, leaseOwner: null, leaseUntil: null },
      });
    });
  }
  return ok ? "DONE" : "FAILED";
}

async function processRefund(ctx: PaymentsContext, id: string, owner: string): Promise<boolean> {
  try {
    await settleRefund(ctx, id, "WORKER", owner);
    return true;
  } catch (error) {
    ctx.log.warn("worker.refund.failed", { refundId: id, error: errorText(error) });
    // Our side failed (the database): not again on the next pass, but after the first refund delay.
    const later = new Date(ctx.now().getTime() + (ctx.settings.refundCheckDelaysMs[0] ?? 5_000));
    await transaction(ctx.db, (tx) => tx.refund.updateMany({ where: { id, status: "PENDING" }, data: { nextCheckAt: later } })).catch(() => {});
    return false;
  }
}

/** One pass over the due work. */
export async function runWorkerPass(ctx: PaymentsContext, owner: string): Promise<WorkerPassResult> {
  const result: WorkerPassResult = { orders: 0, refunds: 0, errors: 0 };
  const now = ctx.now();
  const orders = await ctx.db.order.findMany({
    where: { nextCheckAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { nextCheckAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  for (const { id } of orders) {
    const processed = await processOrder(ctx, id, owner);
    if (processed !== "SKIPPED") result.orders++;
    if (processed === "FAILED") result.errors++;
  }
  const refunds = await ctx.db.refund.findMany({
    where: { status: "PENDING", nextCheckAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { nextCheckAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  for (const { id } of refunds) {
    result.refunds++;
    if (!(await processRefund(ctx, id, owner))) result.errors++;
  }
  return result;
}

export type Worker = { owner: string; stop(): Promise<void>; /** Runs a pass now (after the one under way). */ poke(): Promise<void> };

/** How often the daily bill job looks for days to reconcile (it does the work only when a day is due). */
export const BILL_JOB_INTERVAL_MS = 60_000;
/** How often the alert rules look at what arrived. */
export const ALERT_CHECK_INTERVAL_MS = 5_000;

/** One check of the alert rules; what it raises goes to the chat robots. */
export async function runAlertCheck(ctx: PaymentsContext): Promise<number> {
  const raised = await checkAlerts(ctx.db, ctx.now());
  await announceAlerts(ctx, raised);
  return raised.length;
}

/**
 * Runs passes every `intervalMs` (one at a time) until stopped, and the daily bill job
 * (lib/reconciliation/fetch-bill.ts) every `billJobMs` on a line of its own, so that a slow download
 * never holds back the orders' checks.
 */
export function startWorker(ctx: PaymentsContext, intervalMs = 2_000, billJobMs = BILL_JOB_INTERVAL_MS): Worker {
  const owner = `worker-${randomUUID()}`;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let billing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const billTimer = setInterval(() => {
    billing = billing.then(() => (stopped ? undefined : runBillJob(ctx, owner).then(() => undefined, (error: unknown) => ctx.log.error("worker.bills.failed", { error: errorText(error) }))));
  }, billJobMs);
  billTimer.unref();
  let alerting: Promise<void> = Promise.resolve();
  const alertTimer = setInterval(() => {
    alerting = alerting.then(() => (stopped ? undefined : runAlertCheck(ctx).then(() => undefined, (error: unknown) => ctx.log.error("worker.alerts.failed", { error: errorText(error) }))));
  }, ALERT_CHECK_INTERVAL_MS);
  alertTimer.unref();
  const pass = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await runWorkerPass(ctx, owner);
      } catch (error) {
        ctx.log.error("worker.pass.failed", { error: errorText(error) });
      }
    });
    return running;
  };
  const loop = () => {
    timer = setTimeout(() => void pass().then(() => !stopped && loop()), intervalMs);
    timer.unref();
  };
  loop();
  return {
    owner,
    poke: pass,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(billTimer);
      clearInterval(alertTimer);
      await Promise.all([running, billing, alerting]);
    },
  };
}
