// Certificate mode end to end (alipay-protocol.md §5), on each database: orders pay through a sandbox in
// certificate mode, its notification verified with the key inside Alipay's certificate; then Alipay
// rotates its certificate and the console refuses the answers, records the rotation and raises the alert
// (once per new SN, sent to the robots), whether or not the refused call was about an order.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchAndReconcile } from "@/lib/reconciliation/fetch-bill";
import { requestRefund } from "./refunds";
import { CERT_ROTATED_EVENT } from "./store";
import { syncOrder } from "./sync";
import { createPaidableOrder, eventually, pay, usePayments } from "./testing/harness";

describe.each(["sqlite", "postgresql"] as const)("certificate mode on %s", (provider) => {
  const fixture = usePayments(provider, { sandboxEnv: { SANDBOX_CERT_MODE: "1" } });
  const db = () => fixture().ctx.db;
  // A WeCom group robot on loopback: what the alert sends.
  const robotMessages: string[] = [];
  const robot = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      robotMessages.push((JSON.parse(text) as { markdown: { content: string } }).markdown.content);
      res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
  beforeAll(() => new Promise<void>((resolve) => robot.listen(0, "127.0.0.1", resolve)));
  afterAll(() => new Promise<void>((resolve) => robot.close(() => resolve())));

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
    expect(await db().alert.count()).toBe(0);
  });

  it("refuses answers signed under a rotated Alipay certificate, records the rotation on the call and the order, logs it and raises a critical alert sent to the robots", async () => {
    const port = (robot.address() as AddressInfo).port;
    await db().alertChannel.create({ data: { id: "wecom", kind: "WECOM", name: "运营群", url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=k3y`, createdBy: "admin@example.com" } });
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
    const { loadedSn } = JSON.parse(events[0]!.detail) as { loadedSn: string };
    expect(JSON.parse(events[0]!.detail)).toMatchObject({ receivedSn: newSn });
    const logged = fixture().logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.filter((line) => line.event === "alipay.cert.rotated")).toEqual([expect.objectContaining({ level: "error", method: "alipay.trade.query", receivedSn: newSn })]);
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PENDING");

    // The alert: about the new SN, critical, open; its raising numbered for the live pages.
    const [alert, ...others] = await db().alert.findMany({ where: { rule: "ALIPAY_CERT_ROTATED" }, include: { events: true } });
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ subject: newSn, openKey: `ALIPAY_CERT_ROTATED:${newSn}`, severity: "critical", status: "OPEN", occurrences: 1 });
    expect(JSON.parse(alert!.detail)).toEqual({ receivedSn: newSn, loadedSn, method: "alipay.trade.query" });
    expect(alert!.events.map((event) => event.type)).toEqual(["RAISED"]);
    expect(logged.filter((line) => line.event === "alerts.raised")).toEqual([expect.objectContaining({ alertId: alert!.id, rule: "ALIPAY_CERT_ROTATED", severity: "critical" })]);
    // Sent to the robot, its figures in words.
    await eventually(() => db().alertDelivery.count({ where: { alertId: alert!.id, ok: true } }), (n) => n === 1);
    expect(robotMessages).toHaveLength(1);
    expect(robotMessages[0]).toContain("【严重】支付宝证书已更换");
    expect(robotMessages[0]).toContain(`- 应答中的支付宝证书序列号：${newSn}\n- 已配置的证书序列号：${loadedSn}\n- 被拒绝的调用：alipay.trade.query`);
    expect(robotMessages[0]).toContain(`/alerts#alert-${alert!.id}`);
  });

  it("raises it for a refused call that has no order too (the bill download), once per SN: again is one more occurrence", async () => {
    const before = await db().alert.findFirstOrThrow({ where: { rule: "ALIPAY_CERT_ROTATED" } });
    const outcome = await fetchAndReconcile(fixture().ctx, "2026-11-20");
    expect(outcome).toMatchObject({ status: "FAILED", error: expect.stringContaining("FORGED") });
    const call = await db().gatewayCall.findFirstOrThrow({ where: { method: "alipay.data.dataservice.bill.downloadurl.query" }, orderBy: { createdAt: "desc" } });
    expect(call).toMatchObject({ orderId: null, outcome: "FORGED", error: expect.stringContaining(`SN ${before.subject}`) });
    const after = await db().alert.findUniqueOrThrow({ where: { id: before.id }, include: { events: { orderBy: { id: "asc" } } } });
    expect(after).toMatchObject({ status: "OPEN", occurrences: 2 });
    expect(JSON.parse(after.detail)).toMatchObject({ method: "alipay.data.dataservice.bill.downloadurl.query" });
    expect(after.events.map((event) => event.type)).toEqual(["RAISED", "REFRESHED"]);
    expect(await db().alert.count()).toBe(1);

    // A rotation seen only by a call without an order still raises its own alert: rotate again.
    const { json } = await fixture().sandbox.api<{ cert_mode: { alipay_cert_sn: string } }>("POST", "/api/cert/rotate");
    await fetchAndReconcile(fixture().ctx, "2026-11-21");
    const raised = await db().alert.findFirstOrThrow({ where: { rule: "ALIPAY_CERT_ROTATED", subject: json.cert_mode.alipay_cert_sn } });
    expect(raised).toMatchObject({ orderId: null, severity: "critical", status: "OPEN", occurrences: 1 });
    await eventually(() => db().alertDelivery.count({ where: { ok: true } }), (n) => n === 2);
    // Nothing was sent again for the first SN.
    expect(await db().alertDelivery.count({ where: { alertId: before.id } })).toBe(1);
  });
});
