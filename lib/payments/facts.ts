// Applying what Alipay says (a verified notification, a query answer, a refund result) to an order:
// lib/orders/apply-fact.ts decides, this persists, inside one transaction, conditional on the order's
// version and with the fact's key inserted under a unique constraint, so that a fact applies once
// however many deliveries of it race (§4.1).
import "server-only";
import { type Anomaly, type FactOutcome, applyFact } from "@/lib/orders/apply-fact";
import { type TradeFact, factKey } from "@/lib/orders/trade-facts";
import type { PaymentsContext } from "./context";
import {
  ConcurrentUpdate,
  type EventSource,
  type OrderRow,
  type Tx,
  appendEvent,
  isUniqueViolation,
  loadOrderState,
  mergeAnomalies,
  retryOnConflict,
  transaction,
  updateOrder,
} from "./store";

export type AppliedFactResult = {
  outcome: FactOutcome;
  changes: string[];
  anomalies: Anomaly[];
  order: OrderRow;
};

export type FactOrigin = {
  source: EventSource;
  notificationId?: number;
  /** The refund's out_request_no, when the fact is a refund notification (out_biz_no). */
  refundRequestNo?: string;
};

/**
 * Settles our pending refund that this fact confirms (a refund notification's out_biz_no, or the refund's
 * own answer). Conditional on the refund still being PENDING: settled once. Returns the amount released.
 */
async function settleConfirmedRefund(tx: Tx, orderId: string, fact: TradeFact, origin: FactOrigin, now: Date): Promise<number> {
  if (!origin.refundRequestNo) return 0;
  const refund = await tx.refund.findUnique({ where: { orderId_outRequestNo: { orderId, outRequestNo: origin.refundRequestNo } } });
  if (!refund || refund.status !== "PENDING") return 0;
  const { count } = await tx.refund.updateMany({
    where: { id: refund.id, status: "PENDING" },
    data: { status: "SUCCEEDED", refundFeeFen: fact.refundFen ?? null, settledAt: now, nextCheckAt: null, leaseOwner: null, leaseUntil: null },
  });
  if (count !== 1) throw new ConcurrentUpdate(`refund ${refund.id} settled concurrently`);
  await appendEvent(tx, orderId, "REFUND_SUCCEEDED", origin.source, { outRequestNo: refund.outRequestNo, amountFen: refund.amountFen }, origin.notificationId);
  return refund.amountFen;
}

/**
 * A fact, or how to derive it from the order as this transaction reads it (a query answer carries no
 * refund amount, a refund's result adds to what is refunded): decisions are made on what is committed.
 */
export type FactSource = TradeFact | ((tx: Tx, order: OrderRow) => Promise<TradeFact>);

async function applyOnce(ctx: PaymentsContext, orderId: string, source: FactSource, origin: FactOrigin): Promise<AppliedFactResult & { fact: TradeFact }> {
  return transaction(ctx.db, async (tx) => {
    const loaded = await loadOrderState(tx, orderId);
    if (!loaded) throw new Error(`order ${orderId} not found`);
    const { order, state } = loaded;
    const fact = typeof source === "function" ? await source(tx, order) : source;
    const result = applyFact(state, fact);
    const key = factKey(fact);
    const now = ctx.now();
    if (result.outcome !== "REJECTED" && !state.appliedFacts.includes(key)) {
      await tx.appliedFact.create({ data: { orderId, key, source: origin.source, notificationId: origin.notificationId } });
    }
    const released = result.outcome === "REJECTED" ? 0 : await settleConfirmedRefund(tx, orderId, fact, origin, now);
    if (result.outcome === "DUPLICATE" || result.outcome === "STALE") {
      if (released === 0) return { ...result, order, fact };
      await updateOrder(tx, order, { refundPendingFen: order.refundPendingFen - released });
      return { ...result, order: { ...order, refundPendingFen: order.refundPendingFen - released, version: order.version + 1 }, fact };
    }

    const { next } = result;
    const detail = { fact: key, changes: result.changes, source: origin.source };
    if (result.outcome === "REJECTED") {
      await updateOrder(tx, order, { anomalies: mergeAnomalies(order, result.anomalies) });
      await appendEvent(tx, orderId, "ANOMALY", origin.source, { ...detail, anomalies: result.anomalies, fact: { ...fact } }, origin.notificationId);
      return { ...result, order: { ...order, anomalies: mergeAnomalies(order, result.anomalies), version: order.version + 1 }, fact };
    }

    const newlyPaid = order.paidAt === null && (next.status === "PAID" || next.status === "REFUNDED");
    const data = {
      status: next.status,
      paidFen: next.paidFen,
      refundedFen: next.refundedFen,
      refundPendingFen: order.refundPendingFen - released,
      tradeNo: next.tradeNo,
      scanned: next.scanned,
      finished: next.finished,
      buyerId: order.buyerId ?? fact.buyerId ?? null,
      buyerLogonId: order.buyerLogonId ?? fact.buyerLogonId ?? null,
      paidAt: newlyPaid ? (fact.paidAt ?? now) : order.paidAt,
      closedAt: next.status === "CLOSED" && order.closedAt === null ? (fact.closedAt ?? now) : order.closedAt,
      anomalies: mergeAnomalies(order, result.anomalies),
      // A paid or refunded order needs no more watching; an open one keeps its schedule.
      nextCheckAt: next.status === "PAID" || next.status === "REFUNDED" ? null : order.nextCheckAt,
    };
    await updateOrder(tx, order, data);
    await appendEvent(tx, orderId, "FACT_APPLIED", origin.source, detail, origin.notificationId);
    if (result.anomalies.length > 0) {
      await appendEvent(tx, orderId, "ANOMALY", origin.source, { ...detail, anomalies: result.anomalies }, origin.notificationId);
    }
    return { ...result, order: { ...order, ...data, version: order.version + 1 }, fact };
  });
}

/** Applies the fact to the order: once, forward only, under concurrency. */
export function applyTradeFact(ctx: PaymentsContext, orderId: string, source: FactSource, origin: FactOrigin): Promise<AppliedFactResult & { fact: TradeFact }> {
  return retryOnConflict(async () => {
    try {
      return await applyOnce(ctx, orderId, source, origin);
    } catch (error) {
      // Another delivery of the same fact committed its key first: read again, and it is a duplicate.
      if (isUniqueViolation(error)) throw new ConcurrentUpdate(`order ${orderId}: a fact was applied concurrently`);
      throw error;
    }
  });
}
