// The payment core against the sandbox over real HTTP, on SQLite and on PostgreSQL.
import { describe, expect, it } from "vitest";
import { createOrder } from "./create-order";
import { createPaidableOrder, eventually, pay, testOutTradeNo, usePayments } from "./testing/harness";

describe.each(["sqlite", "postgresql"] as const)("payments on %s", (provider) => {
  const fixture = usePayments(provider);
  const orderOf = (id: string) => fixture().ctx.db.order.findUniqueOrThrow({ where: { id } });

  it("creates an order with a QR, and a paid notification makes it PAID", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 1234 });
    expect(order.status).toBe("PENDING");
    expect(order.qrCode).toMatch(/^https?:\/\//);
    await pay(fixture(), order.qrCode!);
    const paid = await eventually(() => orderOf(order.id), (o) => o.status === "PAID");
    expect(paid.paidFen).toBe(1234);
    expect(paid.tradeNo).toMatch(/^\d+$/);
    const notifications = await fixture().ctx.db.notification.findMany({ where: { orderId: order.id } });
    expect(notifications.map((n) => [n.signature, n.outcome, n.reply])).toEqual([["VALID", "APPLIED", "success"]]);
  });

  /** An order's records as the console shows them, without what differs from order to order. */
  async function recordsOf(orderId: string) {
    const db = fixture().ctx.db;
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, include: { events: { orderBy: { id: "asc" } }, attempts: true, gatewayCalls: true } });
    const { id, outTradeNo, alipayOutTradeNo, qrCode, requestHash, createdAt, updatedAt, expiresAt, nextCheckAt, events, attempts, gatewayCalls, ...fields } = order;
    expect(alipayOutTradeNo).toBe(outTradeNo);
    expect(qrCode).toMatch(/^https?:\/\//);
    expect(requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(expiresAt.getTime() - createdAt.getTime()).toBe(fields.timeoutMinutes * 60_000);
    expect(nextCheckAt!.getTime() - updatedAt.getTime()).toBe(15_000);
    return {
      id,
      // Without the symbol Prisma puts on its results.
      fields: Object.fromEntries(Object.entries(fields)),
      events: events.map((event) => [event.type, event.source, event.detail.replace(outTradeNo, "<no>")]),
      attempts: attempts.map((a) => [a.number, a.alipayOutTradeNo === outTradeNo, a.outcome, a.code, a.qrCode === qrCode, a.gatewayCallId === gatewayCalls[0]?.id]),
      calls: gatewayCalls.map((c) => [c.method, c.outcome, c.code, c.verdict, c.wireAttempts, c.requestUrl?.includes("method=alipay.trade.precreate"), c.responseBody !== null]),
    };
  }

  it("stores a new order with its events, attempt and gateway call, the same whichever path took it", async () => {
    const input = { amount: 4321, subject: "records", body: "two lines", timeoutMinutes: 1 };
    const { order } = await createOrder(fixture().ctx, { ...input, outTradeNo: testOutTradeNo("REC") });
    const records = await recordsOf(order.id);
    expect(records.fields).toEqual({
      amountFen: 4321,
      subject: "records",
      body: "two lines",
      returnUrl: null,
      timeoutMinutes: 1,
      status: "PENDING",
      tradeNo: null,
      scanned: false,
      finished: false,
      buyerId: null,
      buyerLogonId: null,
      paidFen: 0,
      refundedFen: 0,
      refundPendingFen: 0,
      anomalies: "",
      paidAt: null,
      closedAt: null,
      storeId: null,
      terminalId: null,
      version: 1,
      checkCount: 0,
      lastCheckAt: null,
      leaseOwner: null,
      leaseUntil: null,
    });
    expect(records.events).toEqual([
      ["CREATED", "API", JSON.stringify({ amountFen: 4321, timeoutMinutes: 1 })],
      ["QR_ISSUED", "API", JSON.stringify({ attempt: 1, alipayOutTradeNo: "<no>" })],
    ]);
    expect(records.attempts).toEqual([[1, true, "SUCCESS", "10000", true, true]]);
    expect(records.calls).toEqual([["alipay.trade.precreate", "SUCCESS", "10000", "VALID", 1, true, true]]);
    // What the caller got is what was stored.
    expect(order).toMatchObject({ ...records.fields, id: order.id, qrCode: expect.stringMatching(/^http/) });

    if (provider === "sqlite") {
      // While one of Prisma's transactions holds the connection, the order goes through Prisma: the same records.
      let release!: () => void;
      const holding = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const open = new Promise<void>((resolve) => (started = resolve));
      const held = fixture().ctx.db.$transaction(async (tx) => {
        await tx.order.count();
        started();
        await holding;
      });
      await open;
      const creating = createOrder(fixture().ctx, { ...input, outTradeNo: testOutTradeNo("REC") });
      setTimeout(release, 100);
      const [{ order: other }] = await Promise.all([creating, held]);
      const otherRecords = await recordsOf(other.id);
      expect({ ...otherRecords, id: "" }).toEqual({ ...records, id: "" });
    }
  });

  it("is idempotent on outTradeNo, and refuses the same number for another request", async () => {
    const outTradeNo = testOutTradeNo();
    const input = { outTradeNo, amount: 500, subject: "idempotent" };
    const first = await createOrder(fixture().ctx, input);
    const second = await createOrder(fixture().ctx, input);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.order.id).toBe(first.order.id);
    await expect(createOrder(fixture().ctx, { ...input, amount: 501 })).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
  });

  it("sends the store and till to Alipay, keeps them, and counts them in the request's fingerprint", async () => {
    const outTradeNo = testOutTradeNo("SHOP");
    const input = { outTradeNo, amount: 800, subject: "store", storeId: "SH001", terminalId: "SH001-T2" };
    const { order } = await createOrder(fixture().ctx, input);
    expect(order.qrCode).toMatch(/^https?:\/\//);
    expect([order.storeId, order.terminalId]).toEqual(["SH001", "SH001-T2"]);
    const call = await fixture().ctx.db.gatewayCall.findFirstOrThrow({ where: { orderId: order.id, method: "alipay.trade.precreate" } });
    const biz = JSON.parse(new URL(`http://x/?${call.requestBody ?? ""}`).searchParams.get("biz_content") ?? call.requestBody ?? "{}") as Record<string, unknown>;
    expect(biz).toMatchObject({ store_id: "SH001", terminal_id: "SH001-T2" });
    // Alipay knows them: its trade answers with them once the buyer scanned.
    await pay(fixture(), order.qrCode!);
    const query = await fixture().ctx.gateway.call("alipay.trade.query", { out_trade_no: outTradeNo });
    expect(query.node).toMatchObject({ store_id: "SH001", terminal_id: "SH001-T2" });
    expect((await createOrder(fixture().ctx, input)).created).toBe(false);
    await expect(createOrder(fixture().ctx, { ...input, terminalId: "SH001-T1" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
