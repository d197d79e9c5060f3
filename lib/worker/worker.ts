// The background worker: nobody has to watch for an order to end right. It claims due work through
// leases in the database (so that several app instances on one PostgreSQL never process the same
// order or refund at once) and
//   - asks Alipay about open orders on a backoff, so that a lost notification is healed;
//   - closes expired orders at Alipay and locally, then watches them a while for a late payment;
//   - settles refunds whose outcome is unknown.
import "server-only";
import { randomUUID } from "node:crypto";
import { closeOrder } from "@/lib/payments/close";
import type { PaymentsContext } from "@/lib/payments/context";
import { settleRefund } from "@/lib/payments/refunds";
import { transaction } from "@/lib/payments/store";
import { syncOrder } from "@/lib/payments/sync";

export type WorkerPassResult = { orders: number; refunds: number; errors: number };

const LEASE_MS = 60_000;
const BATCH = 20;

async function claimOrders(ctx: PaymentsContext, owner: string): Promise<string[]> {
  const now = ctx.now();
  const due = await ctx.db.order.findMany({
    where: { nextCheckAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { nextCheckAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  const claimed: string[] = [];
  for (const { id } of due) {
    const { count } = await transaction(ctx.db, (tx) =>
      tx.order.updateMany({
        where: { id, nextCheckAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS) },
      }),
    );
    if (count === 1) claimed.push(id);
  }
  return claimed;
}

async function claimRefunds(ctx: PaymentsContext, owner: string): Promise<string[]> {
  const now = ctx.now();
  const due = await ctx.db.refund.findMany({
    where: { status: "PENDING", nextCheckAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { nextCheckAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  const claimed: string[] = [];
  for (const { id } of due) {
    const { count } = await transaction(ctx.db, (tx) =>
      tx.refund.updateMany({
        where: { id, status: "PENDING", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS) },
      }),
    );
    if (count === 1) claimed.push(id);
  }
  return claimed;
}

/** When to look at the order next, after this look; null when it needs no more watching. */
function reschedule(ctx: PaymentsContext, order: { status: string; expiresAt: Date; closedAt: Date | null; checkCount: number }): Date | null {
  const now = ctx.now().getTime();
  const delays = ctx.settings.checkDelaysMs;
  const delay = delays[Math.min(order.checkCount, delays.length - 1)] ?? 60_000;
  if (order.status === "PENDING") return new Date(Math.min(now + delay, Math.max(order.expiresAt.getTime(), now + 1_000)));
  if (order.status === "CLOSED" && order.closedAt && order.closedAt.getTime() + ctx.settings.closedWatchMs > now) return new Date(now + delay);
  return null;
}

async function processOrder(ctx: PaymentsContext, id: string, owner: string): Promise<boolean> {
  let ok = true;
  try {
    const order = await ctx.db.order.findUniqueOrThrow({ where: { id } });
    if (order.status === "PENDING" && order.expiresAt.getTime() <= ctx.now().getTime()) {
      await closeOrder(ctx, id, "WORKER");
    } else if (order.status === "PENDING" || order.status === "CLOSED") {
      await syncOrder(ctx, id, "WORKER");
    }
  } catch (error) {
    ok = false;
    ctx.log.warn("worker.order.failed", { orderId: id, error: error instanceof Error ? error.message : String(error) });
  } finally {
    await transaction(ctx.db, async (tx) => {
      const order = await tx.order.findUniqueOrThrow({ where: { id } });
      if (order.leaseOwner !== owner) return;
      await tx.order.updateMany({
        where: { id, leaseOwner: owner },
        data: { nextCheckAt: reschedule(ctx, order), checkCount: { increment: 1 }, leaseOwner: null, leaseUntil: null },
      });
    });
  }
  return ok;
}

async function processRefund(ctx: PaymentsContext, id: string, owner: string): Promise<boolean> {
  try {
    await settleRefund(ctx, id, "WORKER");
    return true;
  } catch (error) {
    ctx.log.warn("worker.refund.failed", { refundId: id, error: error instanceof Error ? error.message : String(error) });
    return false;
  } finally {
    await transaction(ctx.db, (tx) => tx.refund.updateMany({ where: { id, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } }));
  }
}

/** One pass over the due work. */
export async function runWorkerPass(ctx: PaymentsContext, owner: string): Promise<WorkerPassResult> {
  const result: WorkerPassResult = { orders: 0, refunds: 0, errors: 0 };
  for (const id of await claimOrders(ctx, owner)) {
    result.orders++;
    if (!(await processOrder(ctx, id, owner))) result.errors++;
  }
  for (const id of await claimRefunds(ctx, owner)) {
    result.refunds++;
    if (!(await processRefund(ctx, id, owner))) result.errors++;
  }
  return result;
}

export type Worker = { owner: string; stop(): Promise<void>; /** Runs a pass now (waits for the one under way). */ poke(): Promise<void> };

/** Runs passes every `intervalMs` (one at a time) until stopped. */
export function startWorker(ctx: PaymentsContext, intervalMs = 2_000): Worker {
  const owner = `worker-${randomUUID()}`;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const pass = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await runWorkerPass(ctx, owner);
      } catch (error) {
        ctx.log.error("worker.pass.failed", { error: error instanceof Error ? error.message : String(error) });
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
      await running;
    },
  };
}
