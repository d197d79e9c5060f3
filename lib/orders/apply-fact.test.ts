import { describe, expect, it } from "vitest";
import { applyFact, type OrderState } from "./apply-fact";
import { canTransition } from "./status";
import type { TradeFact } from "./trade-facts";

const pending: OrderState = { status: "PENDING", amountFen: 1000, paidFen: 0, refundedFen: 0, tradeNo: null, scanned: false, finished: false, appliedFacts: [] };
const fact = (tradeStatus: TradeFact["tradeStatus"], extra: Partial<TradeFact> = {}): TradeFact => ({ tradeNo: "T1", tradeStatus, totalFen: 1000, ...extra });

/** Applies facts in order, carrying the state along; returns every result. */
function run(state: OrderState, ...facts: TradeFact[]) {
  const results = [];
  for (const f of facts) {
    const r = applyFact(state, f);
    results.push(r);
    state = r.next;
  }
  return { results, state };
}

describe("applyFact", () => {
  it("pays a pending order once; the same fact again, from a retry or a query, is a duplicate", () => {
    const { results, state } = run(pending, fact("TRADE_SUCCESS"), fact("TRADE_SUCCESS"));
    expect(results.map((r) => r.outcome)).toEqual(["APPLIED", "DUPLICATE"]);
    expect(state).toMatchObject({ status: "PAID", paidFen: 1000, tradeNo: "T1", scanned: true });
    expect(results[0]!.changes).toEqual(["tradeNo:T1", "status:PENDING→PAID"]);
  });

  it("records the scan (WAIT_BUYER_PAY) without paying", () => {
    const { results, state } = run(pending, fact("WAIT_BUYER_PAY"), fact("WAIT_BUYER_PAY"));
    expect(results.map((r) => r.outcome)).toEqual(["APPLIED", "DUPLICATE"]);
    expect(state).toMatchObject({ status: "PENDING", scanned: true, tradeNo: "T1" });
  });

  it("takes a payment after a local close as real money, and flags it", () => {
    const closed = { ...pending, status: "CLOSED" as const };
    const r = applyFact(closed, fact("TRADE_SUCCESS"));
    expect(r).toMatchObject({ outcome: "APPLIED", anomalies: ["PAID_AFTER_CLOSE"] });
    expect(r.next.status).toBe("PAID");
    expect(applyFact({ ...pending, status: "FAILED" }, fact("TRADE_SUCCESS")).anomalies).toEqual(["PAID_AFTER_FAILURE"]);
  });

  it("follows partial then full refunds by their cumulative refund_fee", () => {
    const { results, state } = run(
      pending,
      fact("TRADE_SUCCESS"),
      fact("TRADE_SUCCESS", { refundFen: 300 }),
      fact("TRADE_CLOSED", { refundFen: 1000 }),
    );
    expect(results.map((r) => r.outcome)).toEqual(["APPLIED", "APPLIED", "APPLIED"]);
    expect(results[1]!.changes).toEqual(["refunded:0→300"]);
    expect(state).toMatchObject({ status: "REFUNDED", refundedFen: 1000 });
  });

  it("handles notifications out of order: a refund before its payment, then the late payment as stale", () => {
    const { results, state } = run(pending, fact("TRADE_SUCCESS", { refundFen: 300 }), fact("TRADE_SUCCESS"));
    expect(results.map((r) => r.outcome)).toEqual(["APPLIED", "STALE"]);
    expect(state).toMatchObject({ status: "PAID", paidFen: 1000, refundedFen: 300 });
  });

  it("never lowers the refunded amount: an older refund notice is stale", () => {
    const { results, state } = run(pending, fact("TRADE_SUCCESS", { refundFen: 600 }), fact("TRADE_SUCCESS", { refundFen: 300 }));
    expect(results[1]!.outcome).toBe("STALE");
    expect(state.refundedFen).toBe(600);
  });

  it("lands the late TRADE_FINISHED, after which a plain TRADE_SUCCESS is stale", () => {
    const { results, state } = run(pending, fact("TRADE_SUCCESS"), fact("TRADE_FINISHED"), fact("TRADE_SUCCESS", { tradeNo: "T1", buyerId: "x" }));
    expect(results.map((r) => r.outcome)).toEqual(["APPLIED", "APPLIED", "DUPLICATE"]);
    expect(state).toMatchObject({ status: "PAID", finished: true });
    const afterFinish = applyFact({ ...state, appliedFacts: [] }, fact("TRADE_SUCCESS"));
    expect(afterFinish.outcome).toBe("STALE");
  });

  it("closes an unpaid order on TRADE_CLOSED without refund_fee, and refuses that close for a paid one", () => {
    expect(applyFact(pending, fact("TRADE_CLOSED")).next.status).toBe("CLOSED");
    const paid = run(pending, fact("TRADE_SUCCESS")).state;
    const r = applyFact(paid, fact("TRADE_CLOSED"));
    expect(r).toMatchObject({ outcome: "REJECTED", anomalies: ["CLOSED_WHILE_PAID"] });
    expect(r.next).toBe(paid);
  });

  it("rejects facts that contradict the order, changing nothing", () => {
    expect(applyFact(pending, fact("TRADE_SUCCESS", { totalFen: 1 }))).toMatchObject({ outcome: "REJECTED", anomalies: ["AMOUNT_MISMATCH"], next: pending });
    const known = { ...pending, tradeNo: "T1" };
    expect(applyFact(known, fact("TRADE_SUCCESS", { tradeNo: "T2" }))).toMatchObject({ outcome: "REJECTED", anomalies: ["TRADE_NO_MISMATCH"] });
    expect(applyFact(pending, fact("TRADE_SUCCESS", { refundFen: 1001 }))).toMatchObject({ outcome: "REJECTED", anomalies: ["REFUND_ABOVE_PAID"], next: pending });
  });

  it("only ever moves along the allowed transitions", () => {
    const statuses = ["TRADE_SUCCESS", "TRADE_FINISHED", "TRADE_CLOSED", "WAIT_BUYER_PAY"] as const;
    const refunds = [undefined, 300, 1000];
    for (const start of ["PENDING", "PAID", "REFUNDED", "CLOSED", "FAILED"] as const) {
      for (const tradeStatus of statuses) {
        for (const refundFen of refunds) {
          const state = { ...pending, status: start, paidFen: start === "PAID" || start === "REFUNDED" ? 1000 : 0, refundedFen: start === "REFUNDED" ? 1000 : 0 };
          const r = applyFact(state, fact(tradeStatus, { refundFen }));
          if (r.next.status !== start) expect(canTransition(start, r.next.status), `${start} → ${r.next.status} on ${tradeStatus}/${refundFen}`).toBe(true);
          expect(r.next.refundedFen).toBeGreaterThanOrEqual(state.refundedFen);
          expect(r.next.refundedFen).toBeLessThanOrEqual(Math.max(r.next.paidFen, state.refundedFen));
        }
      }
    }
  });
});
