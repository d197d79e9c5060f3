// The daily bill job and the operator's resolutions against the sandbox, on both providers: a day whose
// bill is not out yet waits; once it is, the real-format bill is fetched, kept, imported and matched; a
// payment whose notification never came and a refund made behind the console's back are found, then
// resolved by resync and by review, audited; running the day again undoes neither.
import { describe, expect, it } from "vitest";
import { formatAlipayDate } from "@/lib/alipay/time";
import { resyncException, reviewException } from "@/lib/console/reconciliation-actions";
import type { ActionContext } from "@/lib/console/order-actions";
import { addFault, createPaidableOrder, eventually, pay, usePayments } from "@/lib/payments/testing/harness";
import { runBillJob } from "./fetch-bill";
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
});
