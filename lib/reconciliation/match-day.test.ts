import { describe, expect, it } from "vitest";
import { expectedFee, matchDay, type BillLine, type DayInput, type LocalOrder } from "./match-day";

const day = { start: new Date("2026-12-01T16:00:00Z"), end: new Date("2026-12-02T16:00:00Z") };
const noon = new Date("2026-12-02T04:00:00Z");
let line = 5;

function order(no: string, fields: Partial<LocalOrder> = {}): LocalOrder {
  return { id: `id-${no}`, outTradeNo: no, alipayOutTradeNo: `${no}-1`, tradeNo: `T${no}`, status: "PAID", paidFen: 1000, paidAt: noon, anomalies: [], notifications: { verified: 1, badSignature: 0 }, ...fields };
}

function payment(o: LocalOrder, fields: Partial<BillLine> = {}): BillLine {
  const amountFen = fields.amountFen ?? o.paidFen;
  return { line: ++line, kind: "PAYMENT", tradeNo: o.tradeNo!, outTradeNo: o.alipayOutTradeNo, outRequestNo: null, amountFen, receiptFen: amountFen, feeFen: -expectedFee(amountFen, 60), finishedAt: noon, ...fields };
}

function refund(o: LocalOrder, outRequestNo: string, fen: number): BillLine {
  return { line: ++line, kind: "REFUND", tradeNo: o.tradeNo!, outTradeNo: o.alipayOutTradeNo, outRequestNo, amountFen: -fen, receiptFen: -fen, feeFen: expectedFee(fen, 60), finishedAt: noon };
}

function input(fields: Partial<DayInput>): DayInput {
  return { day, bill: [], orders: [], refunds: [], elsewhere: { payments: new Set(), refunds: new Set() }, feeRateBp: 60, ...fields };
}

const kinds = (result: ReturnType<typeof matchDay>) => result.exceptions.map((e) => `${e.kind} ${e.key}`).sort();

describe("matchDay", () => {
  it("finds nothing when the bill, the orders, the refunds and the notifications agree", () => {
    const a = order("A");
    const b = order("B", { status: "REFUNDED", paidFen: 2000 });
    const result = matchDay(input({ orders: [a, b], bill: [payment(a), payment(b), refund(b, "R1", 2000)], refunds: [{ orderId: b.id, outRequestNo: "R1", amountFen: 2000, settledAt: noon }] }));
    expect(result.exceptions).toEqual([]);
    expect(result.summary).toEqual({
      bill: { payments: { count: 2, amountFen: 3000, receiptFen: 3000 }, refunds: { count: 1, amountFen: 2000, receiptFen: -2000 }, feeFen: -6 - 12 + 12 },
      ours: { payments: { count: 2, amountFen: 3000 }, refunds: { count: 1, amountFen: 2000 } },
      matched: { payments: 2, refunds: 1 },
      matchedShare: 1,
    });
  });

  it("names a payment at Alipay that is not paid here, and why: notifications rejected or never received", () => {
    const rejected = order("A", { status: "PENDING", paidFen: 0, paidAt: null, notifications: { verified: 0, badSignature: 3 } });
    const silent = order("B", { status: "CLOSED", paidFen: 0, paidAt: null, notifications: { verified: 0, badSignature: 0 } });
    const result = matchDay(input({ orders: [rejected, silent], bill: [payment(rejected, { amountFen: 1000 }), payment(silent, { amountFen: 500 })] }));
    expect(kinds(result)).toEqual(["NOTIFICATION_MISSING TB", "NOTIFICATION_REJECTED TA", "PAID_NOT_HERE TA", "PAID_NOT_HERE TB"]);
    expect(result.exceptions.find((e) => e.kind === "PAID_NOT_HERE" && e.key === "TB")).toMatchObject({ orderId: "id-B", outTradeNo: "B", oursFen: 0, billFen: 500, detail: { status: "CLOSED" } });
    expect(result.summary.matchedShare).toBe(0);
  });

  it("finds a trade it does not know, a payment missing from the bill, an amount that differs, and a payment after close", () => {
    const missing = order("M");
    const elsewhere = order("E", { paidAt: new Date(day.end.getTime() - 1000) });
    const tampered = order("T");
    const late = order("L", { anomalies: ["PAID_AFTER_CLOSE"] });
    const stranger = { ...payment(order("X")), outTradeNo: "NOT-OURS" };
    const result = matchDay(input({ orders: [missing, elsewhere, tampered, late], bill: [payment(tampered, { amountFen: 900 }), payment(late), stranger], elsewhere: { payments: new Set(["TE"]), refunds: new Set() } }));
    expect(kinds(result)).toEqual(["AMOUNT_MISMATCH TT", "NOT_IN_BILL TM", "PAID_AFTER_CLOSE TL", "UNKNOWN_TRADE TX"]);
    expect(result.exceptions.find((e) => e.kind === "AMOUNT_MISMATCH")).toMatchObject({ oursFen: 1000, billFen: 900 });
    expect(result.summary.matched.payments).toBe(1);
  });

  it("matches an order by its trade number when the bill's out_trade_no is not the one we know", () => {
    const a = order("A");
    expect(matchDay(input({ orders: [a], bill: [payment(a, { outTradeNo: "A-2" })] })).exceptions).toEqual([]);
  });

  it("finds refunds the merchant never saw, refunds missing from the bill and refund amounts that differ", () => {
    const a = order("A", { status: "PAID", paidFen: 3000, paidAt: new Date("2026-11-30T04:00:00Z") });
    const refunds = [
      { orderId: a.id, outRequestNo: "R1", amountFen: 500, settledAt: noon },
      { orderId: a.id, outRequestNo: "R2", amountFen: 700, settledAt: noon },
      { orderId: a.id, outRequestNo: "R4", amountFen: 100, settledAt: noon },
    ];
    const result = matchDay(input({ orders: [a], refunds, bill: [refund(a, "R1", 400), refund(a, "R3", 200)], elsewhere: { payments: new Set(), refunds: new Set(["TA/R4"]) } }));
    expect(kinds(result)).toEqual(["REFUND_AMOUNT_MISMATCH TA/R1", "REFUND_NOT_HERE TA/R3", "REFUND_NOT_IN_BILL TA/R2"]);
    expect(result.summary.ours.refunds).toEqual({ count: 3, amountFen: 1300 });
    expect(result.summary.ours.payments.count).toBe(0);
  });

  it("checks each payment's fee against the rate, half up to the fen, when a rate is set", () => {
    const a = order("A", { paidFen: 1250 });
    const b = order("B", { paidFen: 1249 });
    expect([expectedFee(1250, 60), expectedFee(1249, 60), expectedFee(83, 60)]).toEqual([8, 7, 0]);
    const bill = [payment(a), payment(b, { feeFen: -8 })];
    expect(kinds(matchDay(input({ orders: [a, b], bill })))).toEqual(["FEE_MISMATCH TB"]);
    expect(matchDay(input({ orders: [a, b], bill, feeRateBp: null })).exceptions).toEqual([]);
  });
});
