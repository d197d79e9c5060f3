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
});
