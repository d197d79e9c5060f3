// How an order follows what Alipay says (a verified notification or a query): forward only, each
// fact once, stale facts recognised, and payments that arrive after a local close or failure taken
// as real money and flagged (alipay-protocol.md §3.2, §4.3, §4.5). Pure: the caller persists `next`
// with a conditional update so that two deliveries of one fact cannot both apply it.
import { isPaidStatus, type OrderStatus } from "./status";
import { factKey, isRefundClose, type TradeFact } from "./trade-facts";

export type OrderState = {
  status: OrderStatus;
  amountFen: number;
  paidFen: number;
  refundedFen: number;
  tradeNo: string | null;
  scanned: boolean;
  /** The refund window is over (TRADE_FINISHED): no refund is possible any more. */
  finished: boolean;
  /** Keys of the facts already applied (see factKey). */
  appliedFacts: readonly string[];
};

export type Anomaly =
  | "PAID_AFTER_CLOSE"
  | "PAID_AFTER_FAILURE"
  | "AMOUNT_MISMATCH"
  | "TRADE_NO_MISMATCH"
  | "CLOSED_WHILE_PAID"
  | "REFUND_ABOVE_PAID";

/**
 * APPLIED: the order changed. DUPLICATE: this fact, or the state it describes, is already ours.
 * STALE: it describes an earlier moment than the order is in. REJECTED: it contradicts the order.
 */
export type FactOutcome = "APPLIED" | "DUPLICATE" | "STALE" | "REJECTED";

export type FactResult = { outcome: FactOutcome; next: OrderState; changes: string[]; anomalies: Anomaly[] };

function result(outcome: FactOutcome, next: OrderState, changes: string[] = [], anomalies: Anomaly[] = []): FactResult {
  return { outcome, next, changes, anomalies };
}

function applyPayment(state: OrderState, fact: TradeFact): FactResult {
  const next = { ...state };
  const changes: string[] = [];
  const anomalies: Anomaly[] = [];
  if (!isPaidStatus(state.status)) {
    if (state.status === "CLOSED") anomalies.push("PAID_AFTER_CLOSE");
    if (state.status === "FAILED") anomalies.push("PAID_AFTER_FAILURE");
    next.status = "PAID";
    next.paidFen = fact.totalFen;
    next.scanned = true;
    changes.push(`status:${state.status}→PAID`);
  }
  const refund = fact.refundFen ?? 0;
  if (refund > next.paidFen) return result("REJECTED", state, [], ["REFUND_ABOVE_PAID"]);
  if (refund > state.refundedFen) {
    next.refundedFen = refund;
    changes.push(`refunded:${state.refundedFen}→${refund}`);
    if (refund === next.paidFen) {
      next.status = "REFUNDED";
      changes.push(`status:PAID→REFUNDED`);
    }
  }
  if (fact.tradeStatus === "TRADE_FINISHED" && !state.finished) {
    next.finished = true;
    changes.push("finished");
  }
  if (changes.length === 0) {
    // Nothing new: the same state again, or an earlier one (a payment notice after its refunds).
    const older = refund < state.refundedFen || (fact.tradeStatus === "TRADE_SUCCESS" && state.finished && !isRefundClose(fact));
    return result(older ? "STALE" : "DUPLICATE", state);
  }
  return result("APPLIED", next, changes, anomalies);
}

export function applyFact(state: OrderState, fact: TradeFact): FactResult {
  const key = factKey(fact);
  if (state.appliedFacts.includes(key)) return result("DUPLICATE", state);
  if (fact.totalFen !== state.amountFen) return result("REJECTED", state, [], ["AMOUNT_MISMATCH"]);
  if (state.tradeNo !== null && fact.tradeNo !== state.tradeNo) return result("REJECTED", state, [], ["TRADE_NO_MISMATCH"]);

  const known = { ...state, tradeNo: fact.tradeNo, appliedFacts: [...state.appliedFacts, key] };
  const tradeNoChange = state.tradeNo === null ? [`tradeNo:${fact.tradeNo}`] : [];
  let outcome: FactResult;
  switch (fact.tradeStatus) {
    case "WAIT_BUYER_PAY":
      outcome = state.status === "PENDING" && !state.scanned ? result("APPLIED", { ...known, scanned: true }, ["scanned"]) : result(state.scanned ? "DUPLICATE" : "STALE", known);
      break;
    case "TRADE_CLOSED":
      if (isRefundClose(fact)) outcome = applyPayment(known, fact);
      else if (state.status === "PENDING") outcome = result("APPLIED", { ...known, status: "CLOSED" }, ["status:PENDING→CLOSED"]);
      else if (isPaidStatus(state.status)) outcome = result("REJECTED", state, [], ["CLOSED_WHILE_PAID"]);
      else outcome = result("DUPLICATE", known);
      break;
    default:
      outcome = applyPayment(known, fact);
  }
  if (outcome.outcome === "REJECTED") return result("REJECTED", state, [], outcome.anomalies);
  // A fact that taught us the trade number changed the order even when nothing else did.
  if (outcome.outcome !== "APPLIED" && tradeNoChange.length > 0) return result("APPLIED", outcome.next, tradeNoChange);
  return { ...outcome, changes: [...tradeNoChange, ...outcome.changes] };
}
