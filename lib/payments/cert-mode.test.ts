// Certificate mode end to end (alipay-protocol.md §5), on each database: orders pay through a sandbox in
// certificate mode, its notification verified with the key inside Alipay's certificate; then Alipay
// rotates its certificate and the console refuses the answers, records the rotation and logs the alert.
import { describe, expect, it } from "vitest";
import { CERT_ROTATED_EVENT } from "./cert-alert";
import { requestRefund } from "./refunds";
import { syncOrder } from "./sync";
import { createPaidableOrder, eventually, pay, usePayments } from "./testing/harness";

describe.each(["sqlite", "postgresql"] as const)("certificate mode on %s", (provider) => {
  const fixture = usePayments(provider, { sandboxEnv: { SANDBOX_CERT_MODE: "1" } });
  const db = () => fixture().ctx.db;

  it("pays an order through the notification intake, verified with the key inside Alipay's certificate", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 500 });
    await pay(fixture(), order.qrCode!);
    const [notification] = await eventually(
      () => db().notification.findMany({ where: { orderId: order.id } }),
      (rows) => rows.length === 1 && rows[0]!.outcome !== "RECEIVED",
    );
    expect(notification).toMatchObject({ signature: "VALID", outcome: "APPLIED", reply: "success" });
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PAID");
    const refund = await requestRefund(fixture().ctx, order.id, { amount: 200, requestNo: "C1" }, "API");
    expect(refund.refund.status).toBe("SUCCEEDED");
  });

  it("refuses answers signed under a rotated Alipay certificate, records the rotation on the call and the order, and logs the alert", async () => {
    const order = await createPaidableOrder(fixture());
    const { status, json } = await fixture().sandbox.api<{ cert_mode: { alipay_cert_sn: string } }>("POST", "/api/cert/rotate");
    expect(status).toBe(200);
    const newSn = json.cert_mode.alipay_cert_sn;

    const result = await syncOrder(fixture().ctx, order.id, "CONSOLE");
    expect(result.call).toMatchObject({ outcome: "FORGED", node: null });
    const call = await db().gatewayCall.findFirstOrThrow({ where: { orderId: order.id, method: "alipay.trade.query" } });
    expect(call).toMatchObject({ outcome: "FORGED" });
    expect(call.error).toMatch(new RegExp(`^Alipay's certificate changed: SN ${newSn}, loaded [0-9a-f]{32}; download the new certificate`));
    const events = await db().orderEvent.findMany({ where: { orderId: order.id, type: CERT_ROTATED_EVENT } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.detail)).toMatchObject({ receivedSn: newSn });
    const alerts = fixture().logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.event === "alipay.cert.rotated");
    expect(alerts).toEqual([expect.objectContaining({ level: "error", method: "alipay.trade.query", receivedSn: newSn })]);
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PENDING");
  });
});
