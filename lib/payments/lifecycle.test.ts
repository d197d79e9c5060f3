// What happens without anyone watching, and what an operator's retry must never double: the worker
// healing a lost notification and closing expired orders, precreate failing and retried under a fresh
// number, refunds with an unknown outcome, the database down during a notification. Against the
// sandbox over real HTTP, on SQLite and on PostgreSQL.
import { describe, expect, it } from "vitest";
import { closeOrder } from "./close";
import { createOrder } from "./create-order";
import { MAX_REFUND_CALLS, requestRefund, settleRefund } from "./refunds";
import { syncOrder } from "./sync";
import { addFault, createPaidableOrder, eventually, pay, testOutTradeNo, usePayments } from "./testing/harness";
import { runWorkerPass } from "@/lib/worker/worker";

type SandboxTrade = { trade_status: string; refund_fee?: string; total_amount: string };

describe.each(["sqlite", "postgresql"] as const)("order lifecycle on %s", (provider) => {
  const fixture = usePayments(provider, { gatewayTimeoutMs: 1_500 });
  const ctx = () => fixture().ctx;
  const orderOf = (id: string) => ctx().db.order.findUniqueOrThrow({ where: { id } });
  const sandboxTrade = async (outTradeNo: string) => {
    const { status, json } = await fixture().sandbox.api<{ trade: SandboxTrade | null }>("GET", `/api/trades/${outTradeNo}`);
    expect(status).toBe(200);
    return json.trade;
  };
  /** Moves both clocks past the next check of every order and runs one worker pass. */
  const workerPass = async (advanceMs = 0) => {
    if (advanceMs > 0) await fixture().advance(advanceMs);
    return runWorkerPass(ctx(), "test-worker");
  };

  it("answers NOT_SCANNED before the scan, WAIT_BUYER_PAY after it, and applies payment on sync", async () => {
    const order = await createPaidableOrder(fixture());
    expect((await syncOrder(ctx(), order.id, "API")).alipay).toBe("NOT_SCANNED");
    await fixture().sandbox.api("POST", "/api/buyer/scan", { qr_code: order.qrCode });
    const scanned = await syncOrder(ctx(), order.id, "API");
    expect(scanned).toMatchObject({ alipay: "WAIT_BUYER_PAY", outcome: "APPLIED" });
    expect(scanned.order.scanned).toBe(true);
  });

  it("heals a notification that never comes: the worker asks Alipay", async () => {
    const order = await createPaidableOrder(fixture());
    await addFault(fixture(), { kind: "never_sent", outTradeNo: order.alipayOutTradeNo! });
    await pay(fixture(), order.qrCode!);
    expect((await orderOf(order.id)).status).toBe("PENDING");
    await workerPass(ctx().settings.checkDelaysMs[0]! + 1_000);
    const healed = await orderOf(order.id);
    expect(healed).toMatchObject({ status: "PAID", paidFen: order.amountFen, nextCheckAt: null });
    expect(await ctx().db.notification.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("closes an expired order at Alipay and here, then watches it a while for a late payment", async () => {
    const order = await createPaidableOrder(fixture(), { timeoutMinutes: 2 });
    await workerPass(3 * 60_000);
    const closed = await orderOf(order.id);
    expect(closed.status).toBe("CLOSED");
    expect(closed.nextCheckAt).not.toBeNull();
    const events = await ctx().db.orderEvent.findMany({ where: { orderId: order.id, type: "CLOSED" } });
    expect(events.map((e) => [e.source, JSON.parse(e.detail).alipay])).toEqual([["WORKER", "NO_TRADE"]]);
    const closeCall = await ctx().db.gatewayCall.findFirstOrThrow({ where: { orderId: order.id, method: "alipay.trade.close" } });
    expect(closeCall.subCode).toBe("ACQ.TRADE_NOT_EXIST");
    // After the watch, nothing is left to do.
    await workerPass(ctx().settings.closedWatchMs + 60_000);
    expect((await orderOf(order.id)).nextCheckAt).toBeNull();
  });

  it("ends an expired, scanned order closed, as Alipay closes its trade", async () => {
    const order = await createPaidableOrder(fixture(), { timeoutMinutes: 2 });
    await fixture().sandbox.api("POST", "/api/buyer/scan", { qr_code: order.qrCode });
    await workerPass(3 * 60_000);
    await eventually(() => orderOf(order.id), (o) => o.status === "CLOSED");
    expect((await sandboxTrade(order.alipayOutTradeNo!))?.trade_status).toBe("TRADE_CLOSED");
  });

  it("closes an order nobody scanned, when Alipay has no trade for it", async () => {
    const order = await createPaidableOrder(fixture());
    const result = await closeOrder(ctx(), order.id, "API");
    expect(result).toMatchObject({ closed: true, alipay: "NO_TRADE" });
    expect(result.order.status).toBe("CLOSED");
    await expect(requestRefund(ctx(), order.id, { amount: 1 }, "API")).rejects.toMatchObject({ code: "ORDER_NOT_REFUNDABLE" });
  });

  it("closes a scanned trade at Alipay", async () => {
    const order = await createPaidableOrder(fixture());
    await fixture().sandbox.api("POST", "/api/buyer/scan", { qr_code: order.qrCode });
    const result = await closeOrder(ctx(), order.id, "API");
    expect(result).toMatchObject({ closed: true, alipay: "CLOSED", order: { status: "CLOSED" } });
    expect((await sandboxTrade(order.alipayOutTradeNo!))?.trade_status).toBe("TRADE_CLOSED");
  });

  it("shares the work between two workers through leases: each due order is processed once", async () => {
    const orders = await Promise.all(Array.from({ length: 6 }, () => createPaidableOrder(fixture())));
    await fixture().advance(ctx().settings.checkDelaysMs[0]! + 1_000);
    const [a, b] = await Promise.all([runWorkerPass(ctx(), "worker-a"), runWorkerPass(ctx(), "worker-b")]);
    const ids = orders.map((o) => o.id);
    const queried = await ctx().db.orderEvent.groupBy({ by: ["orderId"], where: { orderId: { in: ids }, type: "QUERIED" }, _count: true });
    expect(queried.map((row) => row._count)).toEqual(Array(6).fill(1));
    expect(a.orders + b.orders).toBeGreaterThanOrEqual(6);
    const after = await ctx().db.order.findMany({ where: { id: { in: ids } } });
    expect(after.every((o) => o.leaseOwner === null && o.nextCheckAt !== null && o.checkCount === 1)).toBe(true);
  });

  it("refuses to close a paid order, and lets the order follow Alipay", async () => {
    const order = await createPaidableOrder(fixture());
    await addFault(fixture(), { kind: "never_sent", outTradeNo: order.alipayOutTradeNo! });
    await pay(fixture(), order.qrCode!);
    await expect(closeOrder(ctx(), order.id, "API")).rejects.toMatchObject({ code: "ORDER_NOT_PAYABLE" });
    expect((await orderOf(order.id)).status).toBe("PAID");
  });

  it("answers 502 when precreate fails, keeps the attempt, and retries under a fresh Alipay number", async () => {
    const outTradeNo = testOutTradeNo("G");
    await addFault(fixture(), { kind: "gateway_error", method: "alipay.trade.precreate", outTradeNo, count: 1, params: { when: "after" } });
    const input = { outTradeNo, amount: 990, subject: "retry" };
    await expect(createOrder(ctx(), input)).rejects.toMatchObject({ code: "GATEWAY_UNKNOWN", status: 502 });
    const failed = await ctx().db.order.findUniqueOrThrow({ where: { outTradeNo }, include: { attempts: true } });
    expect(failed).toMatchObject({ status: "PENDING", qrCode: null, alipayOutTradeNo: null });
    expect(failed.attempts.map((a) => [a.alipayOutTradeNo, a.outcome])).toEqual([[outTradeNo, "UNKNOWN"]]);

    const retried = await createOrder(ctx(), input);
    expect(retried.created).toBe(false);
    expect(retried.order.qrCode).toBeTruthy();
    expect(retried.order.alipayOutTradeNo).not.toBe(outTradeNo);
    expect(retried.order.alipayOutTradeNo).toMatch(new RegExp(`^${outTradeNo}_R2\\d{4}$`));
    const calls = await ctx().db.gatewayCall.findMany({ where: { orderId: failed.id }, orderBy: { createdAt: "asc" } });
    expect(calls.map((c) => c.outcome)).toEqual(["UNKNOWN", "SUCCESS"]);
    expect(calls[0]!.requestUrl).toContain("method=alipay.trade.precreate");
    expect(calls[0]!.requestBody).toContain("biz_content=");
    expect(Buffer.from(calls[0]!.responseBody!).toString()).toContain("20000");

    await pay(fixture(), retried.order.qrCode!);
    await eventually(() => orderOf(failed.id), (o) => o.status === "PAID");
  });

  it("takes an out_trade_no Alipay already saw paid as that payment, never precreating under a new number", async () => {
    const outTradeNo = testOutTradeNo("PAIDX");
    // Another system (a restored backup, a second deployment) already sold this number.
    const elsewhere = (await fixture().sandbox.sdk.exec("alipay.trade.precreate", { bizContent: { out_trade_no: outTradeNo, total_amount: "5.00", subject: "elsewhere" } }, { validateSign: true })) as unknown as { qr_code: string };
    await pay(fixture(), elsewhere.qr_code);
    const { order } = await createOrder(ctx(), { outTradeNo, amount: 500, subject: "here" });
    expect(order).toMatchObject({ status: "PAID", paidFen: 500, alipayOutTradeNo: outTradeNo, qrCode: null });
    const attempts = await ctx().db.precreateAttempt.findMany({ where: { orderId: order.id } });
    expect(attempts.map((a) => a.subCode)).toEqual(["ACQ.TRADE_HAS_SUCCESS"]);
  });

  it("fails an order whose out_trade_no Alipay closed, and says to use a new one", async () => {
    const outTradeNo = testOutTradeNo("CLOSEDX");
    const elsewhere = (await fixture().sandbox.sdk.exec("alipay.trade.precreate", { bizContent: { out_trade_no: outTradeNo, total_amount: "5.00", subject: "elsewhere" } }, { validateSign: true })) as unknown as { qr_code: string };
    await fixture().sandbox.api("POST", "/api/buyer/scan", { qr_code: elsewhere.qr_code });
    await fixture().sandbox.sdk.exec("alipay.trade.close", { bizContent: { out_trade_no: outTradeNo } }, { validateSign: true });
    await expect(createOrder(ctx(), { outTradeNo, amount: 500, subject: "here" })).rejects.toMatchObject({ code: "ORDER_NOT_PAYABLE", status: 409 });
    const failed = await ctx().db.order.findUniqueOrThrow({ where: { outTradeNo } });
    expect(failed.status).toBe("FAILED");
    // The same request again: the same failed order, no new attempt.
    expect((await createOrder(ctx(), { outTradeNo, amount: 500, subject: "here" })).order.status).toBe("FAILED");
    expect(await ctx().db.precreateAttempt.count({ where: { orderId: failed.id } })).toBe(1);
  });

  it("closes an order that never got a QR when it expires", async () => {
    const outTradeNo = testOutTradeNo("F");
    await addFault(fixture(), { kind: "gateway_error", method: "alipay.trade.precreate", outTradeNo, count: 1 });
    await expect(createOrder(ctx(), { outTradeNo, amount: 100, subject: "never", timeoutMinutes: 5 })).rejects.toMatchObject({ status: 502 });
    await workerPass(6 * 60_000);
    const closed = await ctx().db.order.findUniqueOrThrow({ where: { outTradeNo } });
    expect(closed).toMatchObject({ status: "CLOSED", qrCode: null });
  });

  it("settles a refund whose first attempt timed out, with the same number, refunding once", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 1000 });
    await pay(fixture(), order.qrCode!);
    await eventually(() => orderOf(order.id), (o) => o.status === "PAID");
    // The refund happens at Alipay, but its answer never comes back (nor its notification).
    await addFault(fixture(), { kind: "drop", outTradeNo: order.alipayOutTradeNo!, event: "REFUND", params: { attempts: 8 } });
    await addFault(fixture(), { kind: "gateway_no_answer", method: "alipay.trade.refund", outTradeNo: order.alipayOutTradeNo!, count: 1, params: { when: "after", holdMs: 5_000 } });
    const first = await requestRefund(ctx(), order.id, { amount: 400, requestNo: "P1", reason: "partial" }, "API");
    expect(first.refund.status).toBe("PENDING");
    expect(first.order).toMatchObject({ refundPendingFen: 400, refundedFen: 0 });
    // The operator clicks again (same requestNo): settled by asking, not by refunding again.
    const again = await requestRefund(ctx(), order.id, { amount: 400, requestNo: "P1", reason: "partial" }, "API");
    expect(again.refund.status).toBe("SUCCEEDED");
    expect(again.order).toMatchObject({ status: "PAID", refundedFen: 400, refundPendingFen: 0 });
    expect((await sandboxTrade(order.alipayOutTradeNo!))?.refund_fee).toBe("4.00");
    await expect(requestRefund(ctx(), order.id, { amount: 500, requestNo: "P1" }, "API")).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(requestRefund(ctx(), order.id, { amount: 601 }, "API")).rejects.toMatchObject({ code: "REFUND_EXCEEDS_PAID" });

    const full = await requestRefund(ctx(), order.id, { amount: 600, requestNo: "P2" }, "API");
    expect(full.refund.status).toBe("SUCCEEDED");
    expect(full.order).toMatchObject({ status: "REFUNDED", refundedFen: 1000, refundPendingFen: 0 });
    expect(await sandboxTrade(order.alipayOutTradeNo!)).toMatchObject({ trade_status: "TRADE_CLOSED", refund_fee: "10.00" });
  });

  it("lets the worker settle a refund whose outcome is unknown", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 500 });
    await pay(fixture(), order.qrCode!);
    await eventually(() => orderOf(order.id), (o) => o.status === "PAID");
    await addFault(fixture(), { kind: "gateway_error", method: "alipay.trade.refund", outTradeNo: order.alipayOutTradeNo!, count: 1, params: { when: "before" } });
    const first = await requestRefund(ctx(), order.id, { amount: 500 }, "API");
    expect(first.refund.status).toBe("PENDING");
    await workerPass(ctx().settings.refundCheckDelaysMs[0]! + 1_000);
    const settled = await ctx().db.refund.findUniqueOrThrow({ where: { id: first.refund.id } });
    expect(settled.status).toBe("SUCCEEDED");
    expect(await orderOf(order.id)).toMatchObject({ status: "REFUNDED", refundedFen: 500, refundPendingFen: 0 });
    expect((await sandboxTrade(order.alipayOutTradeNo!))?.refund_fee).toBe("5.00");
  });

  it("never lets concurrent refunds together exceed the amount paid", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 1000 });
    await pay(fixture(), order.qrCode!);
    await eventually(() => orderOf(order.id), (o) => o.status === "PAID");
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => requestRefund(ctx(), order.id, { amount: 300, requestNo: `C${i}` }, "API")));
    const succeeded = results.filter((r) => r.status === "fulfilled");
    expect(succeeded).toHaveLength(3);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "REFUND_EXCEEDS_PAID" });
    expect(await orderOf(order.id)).toMatchObject({ refundedFen: 900, refundPendingFen: 0 });
  });

  it("counts both of two refunds settled at the same time by asking Alipay", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 1000 });
    await pay(fixture(), order.qrCode!);
    await eventually(() => orderOf(order.id), (o) => o.status === "PAID");
    // Both refunds happen at Alipay, but their answers are lost, and so are their notifications.
    await addFault(fixture(), { kind: "drop", outTradeNo: order.alipayOutTradeNo!, event: "REFUND", params: { attempts: 8 } });
    await addFault(fixture(), { kind: "gateway_error", method: "alipay.trade.refund", outTradeNo: order.alipayOutTradeNo!, count: 2, params: { when: "after" } });
    const first = await requestRefund(ctx(), order.id, { amount: 300, requestNo: "S1" }, "API");
    const second = await requestRefund(ctx(), order.id, { amount: 700, requestNo: "S2" }, "API");
    expect([first.refund.status, second.refund.status]).toEqual(["PENDING", "PENDING"]);
    await Promise.all([settleRefund(ctx(), first.refund.id, "API"), settleRefund(ctx(), second.refund.id, "WORKER")]);
    expect(await orderOf(order.id)).toMatchObject({ status: "REFUNDED", refundedFen: 1000, refundPendingFen: 0 });
  });

  it("takes a trade that was paid and then fully refunded elsewhere as paid and refunded, not as never paid", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 600 });
    await addFault(fixture(), { kind: "never_sent", outTradeNo: order.alipayOutTradeNo! });
    await addFault(fixture(), { kind: "drop", outTradeNo: order.alipayOutTradeNo!, event: "REFUND", params: { attempts: 8 } });
    await pay(fixture(), order.qrCode!);
    // The shop's back office refunds in Alipay's own portal; the console heard of neither.
    const refunded = await fixture().sandbox.sdk.exec("alipay.trade.refund", { bizContent: { out_trade_no: order.alipayOutTradeNo, refund_amount: "6.00" } }, { validateSign: true });
    expect(refunded).toMatchObject({ code: "10000", fund_change: "Y" });
    const synced = await syncOrder(ctx(), order.id, "API");
    expect(synced.alipay).toBe("TRADE_CLOSED");
    expect(synced.order).toMatchObject({ status: "REFUNDED", paidFen: 600, refundedFen: 600 });
  });

  it("never lets the worker call Alipay for a refund whose first call is still under way", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 800 });
    await pay(fixture(), order.qrCode!);
    await eventually(() => orderOf(order.id), (o) => o.status === "PAID");
    await addFault(fixture(), { kind: "gateway_slow", method: "alipay.trade.refund", outTradeNo: order.alipayOutTradeNo!, count: 1, params: { delayMs: 1_000 } });
    const refunding = requestRefund(ctx(), order.id, { amount: 800, requestNo: "L1" }, "API");
    await eventually(() => ctx().db.refund.findFirst({ where: { orderId: order.id } }), (r) => r !== null);
    const pass = await workerPass(ctx().settings.refundCheckDelaysMs.at(-1)! + 1_000);
    expect((await refunding).refund.status).toBe("SUCCEEDED");
    const calls = await ctx().db.gatewayCall.findMany({ where: { orderId: order.id, method: { in: ["alipay.trade.refund", "alipay.trade.fastpay.refund.query"] } } });
    expect(calls.map((c) => c.method)).toEqual(["alipay.trade.refund"]);
    expect(pass.errors).toBe(0);
  });

  it("flags a refund that no answer settles, after a bounded number of calls, and keeps its reservation", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 700 });
    await pay(fixture(), order.qrCode!);
    await eventually(() => orderOf(order.id), (o) => o.status === "PAID");
    for (const method of ["alipay.trade.refund", "alipay.trade.fastpay.refund.query"]) {
      await addFault(fixture(), { kind: "gateway_error", method, outTradeNo: order.alipayOutTradeNo!, count: 50, params: { when: "before" } });
    }
    const { refund } = await requestRefund(ctx(), order.id, { amount: 200, requestNo: "U1" }, "API");
    const refundOf = () => ctx().db.refund.findUniqueOrThrow({ where: { id: refund.id } });
    for (let i = 0; i < MAX_REFUND_CALLS && (await refundOf()).nextCheckAt !== null; i++) await settleRefund(ctx(), refund.id, "WORKER");
    const stuck = await refundOf();
    expect(stuck).toMatchObject({ status: "PENDING", nextCheckAt: null });
    expect(stuck.callCount).toBe(MAX_REFUND_CALLS);
    expect(await orderOf(order.id)).toMatchObject({ refundPendingFen: 200, anomalies: "REFUND_UNSETTLED" });
    // The worker leaves it to a person now (who can still settle it under the same number).
    await workerPass(24 * 3600_000);
    expect((await refundOf()).callCount).toBe(MAX_REFUND_CALLS);
  });

  it("closes the trade again when a buyer scans a QR that was closed here before the scan", async () => {
    const order = await createPaidableOrder(fixture());
    expect((await closeOrder(ctx(), order.id, "API")).alipay).toBe("NO_TRADE");
    await fixture().sandbox.api("POST", "/api/buyer/scan", { qr_code: order.qrCode });
    await workerPass(ctx().settings.closedWatchMs / 2);
    expect((await sandboxTrade(order.alipayOutTradeNo!))?.trade_status).toBe("TRADE_CLOSED");
    const events = await ctx().db.orderEvent.findMany({ where: { orderId: order.id, type: "TRADE_CLOSED_AT_ALIPAY" } });
    expect(events).toHaveLength(1);
  });

  it("backs off when closing an expired order keeps failing", async () => {
    const order = await createPaidableOrder(fixture(), { timeoutMinutes: 2 });
    await addFault(fixture(), { kind: "gateway_error", method: "alipay.trade.close", outTradeNo: order.alipayOutTradeNo!, count: 50, params: { when: "before" } });
    await fixture().advance(3 * 60_000);
    await ctx().db.$transaction((tx) => tx.order.update({ where: { id: order.id }, data: { nextCheckAt: ctx().now(), checkCount: 3 } }));
    await workerPass();
    const after = await orderOf(order.id);
    expect(after.status).toBe("PENDING");
    expect(after.nextCheckAt!.getTime() - ctx().now().getTime()).toBeGreaterThan(ctx().settings.checkDelaysMs[2]! / 2);
  });

  it("refuses, in the database itself, a refunded amount above the paid amount", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 100 });
    // The driver's own words (Prisma's message names a different constraint kind for SQLite triggers).
    const refusal = (work: Promise<unknown>) => work.then(() => "accepted", (error: { message: string; meta?: unknown }) => `${error.message} ${JSON.stringify(error.meta)}`);
    expect(await refusal(ctx().db.$transaction((tx) => tx.order.update({ where: { id: order.id }, data: { refundedFen: 1 } })))).toMatch(/Order_amounts_check/);
    expect(await refusal(ctx().db.$transaction((tx) => tx.orderEvent.updateMany({ where: { orderId: order.id }, data: { type: "EDITED" } })))).toMatch(/append-only/);
  });
});
