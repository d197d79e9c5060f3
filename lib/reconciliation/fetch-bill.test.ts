// The daily bill job and the operator's resolutions against the sandbox, on both providers: a day whose
// bill is not out yet waits; once it is, the real-format bill is fetched, kept, imported and matched; a
// payment whose notification never came and a refund made behind the console's back are found, then
// resolved by resync and by review, audited; running the day again undoes neither.
import { describe, expect, it } from "vitest";
import { formatAlipayDate } from "@/lib/alipay/time";
import { refundException, resyncException, reviewException } from "@/lib/console/reconciliation-actions";
import { closeOrder } from "@/lib/payments/close";
import type { ActionContext } from "@/lib/console/order-actions";
import { addFault, createPaidableOrder, eventually, pay, usePayments } from "@/lib/payments/testing/harness";
import { fetchAndReconcile, runBillJob } from "./fetch-bill";
import { reconcileDay } from "./reconcile-day";

describe.each(["sqlite", "postgresql"] as const)("the bill job on %s", (provider) => {
  const fixture = usePayments(provider, { settings: { feeRateBp: 60 } });
  const ctx = () => fixture().ctx;
  const action = (): ActionContext => ({ ctx: ctx(), operator: { id: "u1", email: "operator@example.com", name: null, role: "operator", sessionVersion: 0 }, origin: { address: "127.0.0.1", userAgent: "test" } });
  const exceptionsOf = async (billDate: string) => (await ctx().db.reconciliationException.findMany({ where: { billDate }, orderBy: [{ kind: "asc" }] })).map((e) => [e.kind, e.outTradeNo, e.status, e.resolution]);

  it("fetches the day's bill once it is out, finds what went wrong, and the operator resolves it", async () => {
    const paid = await createPaidableOrder(fixture(), { amount: 1000 });
    const lost = await createPaidableOrder(fixture(), { amount: 2000 });
    const refundedBehind = await createPaidableOrder(fixture(), { amount: 3000 });
    await addFault(fixture(), { kind: "never_sent", outTradeNo: lost.alipayOutTradeNo! });
    for (const order of [paid, lost, refundedBehind]) await pay(fixture(), order.qrCode!);
    await eventually(() => ctx().db.order.count({ where: { id: { in: [paid.id, refundedBehind.id] }, status: "PAID" } }), (count) => count === 2);
    // Someone refunds at Alipay's merchant site, not through the console.
    const refund = await ctx().gateway.call("alipay.trade.refund", { out_trade_no: refundedBehind.alipayOutTradeNo, refund_amount: "5.00", out_request_no: "MERCHANT-SITE-1" });
    expect(refund.outcome).toBe("SUCCESS");
    const billDate = formatAlipayDate(ctx().now());

    // The next day before 09:00 Beijing the bill is not out: the day waits (the days before it have bills).
    const [y, m, d] = billDate.split("-").map(Number) as [number, number, number];
    const nextDayAt = (hour: number) => Date.UTC(y, m - 1, d + 1, hour - 8, 0, 0);
    await fixture().advance(nextDayAt(8) - ctx().now().getTime());
    expect(await runBillJob(ctx(), "w1")).toBe(7);
    expect(await ctx().db.reconciliationDay.findUniqueOrThrow({ where: { billDate } })).toMatchObject({ status: "WAITING", attempts: 1, lastError: null });
    expect(await ctx().db.reconciliationDay.count({ where: { status: "RECONCILED" } })).toBe(6);
    expect(await runBillJob(ctx(), "w1")).toBe(0);

    await fixture().advance(nextDayAt(9) + 30 * 60_000 - ctx().now().getTime());
    expect(await runBillJob(ctx(), "w1")).toBe(1);
    const day = await ctx().db.reconciliationDay.findUniqueOrThrow({ where: { billDate } });
    expect(day.status).toBe("RECONCILED");
    const file = await ctx().db.billFile.findUniqueOrThrow({ where: { id: day.billFileId! } });
    expect([file.source, file.rowCount, file.problem]).toEqual(["DOWNLOAD", 4, null]);
    expect(await ctx().db.gatewayCall.count({ where: { method: "alipay.data.dataservice.bill.downloadurl.query" } })).toBe(8);
    expect(await exceptionsOf(billDate)).toEqual([
      ["NOTIFICATION_MISSING", lost.outTradeNo, "OPEN", null],
      ["PAID_NOT_HERE", lost.outTradeNo, "OPEN", null],
      ["REFUND_NOT_HERE", refundedBehind.outTradeNo, "OPEN", null],
    ]);

    const costly = await ctx().db.reconciliationException.findFirstOrThrow({ where: { billDate, kind: "PAID_NOT_HERE" } });
    const resynced = await resyncException(action(), costly.id);
    expect(resynced).toMatchObject({ healed: true, alipay: "TRADE_SUCCESS", exception: { status: "RESOLVED", resolution: "RESYNCED", resolvedBy: "operator@example.com" } });
    expect((await ctx().db.order.findUniqueOrThrow({ where: { id: lost.id } })).status).toBe("PAID");
    await expect(resyncException(action(), costly.id)).rejects.toThrow(/Already resolved \(RESYNCED\) by operator@example.com/);

    const behind = await ctx().db.reconciliationException.findFirstOrThrow({ where: { billDate, kind: "REFUND_NOT_HERE" } });
    await expect(reviewException(action(), behind.id, "   ")).rejects.toThrow(/note/);
    await reviewException(action(), behind.id, "退款由财务在商家中心操作");
    await reconcileDay(ctx().db, billDate, { feeRateBp: 60 });
    expect(await exceptionsOf(billDate)).toEqual([
      ["NOTIFICATION_MISSING", lost.outTradeNo, "OPEN", null],
      ["PAID_NOT_HERE", lost.outTradeNo, "RESOLVED", "RESYNCED"],
      ["REFUND_NOT_HERE", refundedBehind.outTradeNo, "RESOLVED", "REVIEWED"],
    ]);
    const audit = await ctx().db.auditEntry.findMany({ where: { action: { startsWith: "reconciliation." } }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => [entry.action, entry.outcome, entry.actorEmail, JSON.parse(entry.detail).how])).toEqual([
      ["reconciliation.resolve", "OK", "operator@example.com", "RESYNC"],
      ["reconciliation.resolve", "FAILED", "operator@example.com", "RESYNC"],
      ["reconciliation.resolve", "FAILED", "operator@example.com", "REVIEW"],
      ["reconciliation.resolve", "OK", "operator@example.com", "REVIEW"],
    ]);
  });

  it("finds every difference the sandbox's faults put between its bill and its trades", async () => {
    const tampered = await createPaidableOrder(fixture(), { amount: 4000 });
    const omitted = await createPaidableOrder(fixture(), { amount: 5000 });
    const overcharged = await createPaidableOrder(fixture(), { amount: 6000 });
    const forged = await createPaidableOrder(fixture(), { amount: 7000 });
    const late = await createPaidableOrder(fixture(), { amount: 8000 });
    await addFault(fixture(), { kind: "bill_amount", outTradeNo: tampered.alipayOutTradeNo!, params: { amount: "39.00" } });
    await addFault(fixture(), { kind: "bill_omit", outTradeNo: omitted.alipayOutTradeNo! });
    await addFault(fixture(), { kind: "bill_fee", outTradeNo: overcharged.alipayOutTradeNo!, params: { rateBp: 100 } });
    await addFault(fixture(), { kind: "other_key", outTradeNo: forged.alipayOutTradeNo! });
    // Closed here before anyone scanned: Alipay had no trade to close, and the QR still pays (§3.1).
    expect((await closeOrder(ctx(), late.id, "API")).alipay).toBe("NO_TRADE");
    // A trade of the same app that this console never made.
    const stranger = await ctx().gateway.call("alipay.trade.precreate", { out_trade_no: `STRANGER${Date.now()}`, total_amount: "1.23", subject: "别处的订单" });
    for (const qr of [tampered.qrCode!, omitted.qrCode!, overcharged.qrCode!, forged.qrCode!, late.qrCode!, String(stranger.node?.qr_code)]) await pay(fixture(), qr);
    await eventually(() => ctx().db.order.count({ where: { id: { in: [tampered.id, omitted.id, overcharged.id, late.id] }, status: "PAID" } }), (count) => count === 4);
    await eventually(() => ctx().db.notification.count({ where: { orderId: forged.id, signature: "INVALID" } }), (count) => count > 0);
    const billDate = formatAlipayDate(ctx().now());
    const [y, m, d] = billDate.split("-").map(Number) as [number, number, number];
    await fixture().advance(Date.UTC(y, m - 1, d + 1, 2, 0, 0) - ctx().now().getTime());

    expect(await fetchAndReconcile(ctx(), billDate)).toMatchObject({ status: "RECONCILED" });
    const found = await ctx().db.reconciliationException.findMany({ where: { billDate, status: "OPEN" } });
    const about = (kind: string) => found.filter((e) => e.kind === kind).map((e) => e.outTradeNo ?? e.tradeNo);
    expect(about("AMOUNT_MISMATCH")).toEqual([tampered.outTradeNo]);
    expect(found.find((e) => e.kind === "AMOUNT_MISMATCH")).toMatchObject({ oursFen: 4000, billFen: 3900 });
    expect(about("NOT_IN_BILL")).toEqual([omitted.outTradeNo]);
    expect(about("FEE_MISMATCH")).toEqual([overcharged.outTradeNo]);
    expect(found.find((e) => e.kind === "FEE_MISMATCH")).toMatchObject({ oursFen: 36, billFen: 60 });
    expect(about("PAID_NOT_HERE")).toEqual([forged.outTradeNo]);
    expect(about("NOTIFICATION_REJECTED")).toEqual([forged.outTradeNo]);
    expect(about("PAID_AFTER_CLOSE")).toEqual([late.outTradeNo]);
    expect(about("UNKNOWN_TRADE")).toEqual([expect.stringMatching(/^STRANGER/)]);

    // The buyer of the late payment gets the money back, once; a second try is refused.
    const admin: ActionContext = { ...action(), operator: { id: "u2", email: "admin@example.com", name: null, role: "admin", sessionVersion: 0 } };
    const lateException = found.find((e) => e.kind === "PAID_AFTER_CLOSE")!;
    const refunded = await refundException(admin, lateException.id);
    expect(refunded).toMatchObject({ exception: { resolution: "REFUNDED", resolvedBy: "admin@example.com" }, refund: { amountFen: 8000, status: "SUCCEEDED" } });
    expect((await ctx().db.order.findUniqueOrThrow({ where: { id: late.id } })).status).toBe("REFUNDED");
    await expect(refundException(admin, lateException.id)).rejects.toThrow(/Already resolved/);
    // Review is the only way for a trade we do not have.
    const unknown = found.find((e) => e.kind === "UNKNOWN_TRADE")!;
    await expect(resyncException(action(), unknown.id)).rejects.toThrow(/not resolved by resync/);
  });
});
