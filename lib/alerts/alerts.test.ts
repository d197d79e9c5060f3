// The alert rules against the sandbox's fault modes, on both providers: what each raises, once; an
// admin's threshold; and delivery to local DingTalk and WeCom robot receivers, DingTalk's signature
// checked the way DingTalk checks it.
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgeAlert, resolveAlert } from "@/lib/console/alert-actions";
import { closeOrder } from "@/lib/payments/close";
import { addFault, createPaidableOrder, eventually, pay, usePayments } from "@/lib/payments/testing/harness";
import { runAlertCheck } from "@/lib/worker/worker";
import { checkAlerts } from "./check";

const SECRET = "SECtest-robot-secret";
type Received = { path: string; query: URLSearchParams; body: { msgtype: string; markdown: Record<string, string> } };

/** A group robot on loopback: DingTalk refuses a bad signature (errcode 310000), as the real one does. */
function robotReceiver(received: Received[]): Server {
  return createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://robot.local");
      if (url.pathname === "/robot/send") {
        const timestamp = url.searchParams.get("timestamp") ?? "";
        const expected = createHmac("sha256", SECRET).update(`${timestamp}\n${SECRET}`).digest("base64");
        if (url.searchParams.get("sign") !== expected || Math.abs(Date.now() - Number(timestamp)) > 3_600_000) {
          return res.end(JSON.stringify({ errcode: 310000, errmsg: "sign not match" }));
        }
      }
      received.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(text) as Received["body"] });
      res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
}

describe.each(["sqlite", "postgresql"] as const)("alerts on %s", (provider) => {
  const fixture = usePayments(provider);
  const ctx = () => fixture().ctx;
  const received: Received[] = [];
  const server = robotReceiver(received);
  let base = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const openAlerts = async () => (await ctx().db.alert.findMany({ where: { status: { not: "RESOLVED" } }, orderBy: [{ rule: "asc" }, { subject: "asc" }] })).map((a) => a.rule);

  it("raises each rule's alert from the sandbox's faults once, and sends it to the robots, signed", async () => {
    await ctx().db.alertChannel.createMany({
      data: [
        { id: "ding", kind: "DINGTALK", name: "运营群", url: `${base}/robot/send?access_token=t0ken`, secret: SECRET, createdBy: "admin@example.com" },
        { id: "wecom", kind: "WECOM", name: "财务群", url: `${base}/cgi-bin/webhook/send?key=k3y`, secret: null, createdBy: "admin@example.com" },
        { id: "badsign", kind: "DINGTALK", name: "密钥错误", url: `${base}/robot/send?access_token=other`, secret: "SECwrong", createdBy: "admin@example.com" },
      ],
    });
    // An admin lowered the large-order threshold to ¥50.
    await ctx().db.alertRuleSetting.create({ data: { rule: "LARGE_ORDER", enabled: true, threshold: 50, windowMinutes: 1440, updatedBy: "admin@example.com" } });

    const forged = await Promise.all([1, 2, 3].map(() => createPaidableOrder(fixture(), { amount: 1000 })));
    for (const order of forged) await addFault(fixture(), { kind: "other_key", outTradeNo: order.alipayOutTradeNo! });
    const tampered = await createPaidableOrder(fixture(), { amount: 2000 });
    await addFault(fixture(), { kind: "tampered_amount", outTradeNo: tampered.alipayOutTradeNo!, params: { amount: "0.01" } });
    const late = await createPaidableOrder(fixture(), { amount: 3000 });
    expect((await closeOrder(ctx(), late.id, "API")).alipay).toBe("NO_TRADE");
    const large = await createPaidableOrder(fixture(), { amount: 8800 });
    for (const order of [...forged, tampered, late, large]) await pay(fixture(), order.qrCode!);
    await eventually(() => ctx().db.notification.count({ where: { signature: "INVALID" } }), (n) => n >= 3);
    await eventually(() => ctx().db.order.count({ where: { id: { in: [late.id, large.id] }, status: "PAID" } }), (n) => n === 2);
    await eventually(() => ctx().db.notification.count({ where: { orderId: tampered.id, outcome: "REJECTED" } }), (n) => n >= 1);

    expect(await runAlertCheck(ctx())).toBe(4);
    expect(await openAlerts()).toEqual(["INCONSISTENT_NOTIFICATION", "LARGE_ORDER", "PAID_AFTER_CLOSE", "SIGNATURE_FAILURES"]);
    const paidAfterClose = await ctx().db.alert.findFirstOrThrow({ where: { rule: "PAID_AFTER_CLOSE" } });
    expect(paidAfterClose).toMatchObject({ orderId: late.id, severity: "critical", status: "OPEN" });

    // Checked again: nothing new, nothing sent twice.
    expect(await checkAlerts(ctx().db, ctx().now())).toEqual([]);
    const ding = received.filter((r) => r.path === "/robot/send");
    const wecom = received.filter((r) => r.path === "/cgi-bin/webhook/send");
    expect([ding.length, wecom.length]).toEqual([4, 4]);
    expect(ding.every((r) => r.query.get("access_token") === "t0ken" && r.body.msgtype === "markdown")).toBe(true);
    expect(ding.map((r) => r.body.markdown.title).sort()).toEqual(["【严重】订单关闭后被支付", "【严重】通知验签失败激增", "【严重】验签通过但内容不符的通知", "【警告】大额订单"]);
    expect(wecom.find((r) => r.body.markdown.content?.includes("订单关闭后被支付"))?.body.markdown.content).toContain(`/alerts#alert-${paidAfterClose.id}`);
    // The figures in words, not field names.
    const largeMessage = wecom.find((r) => r.body.markdown.content?.includes("大额订单"))!.body.markdown.content!;
    expect(largeMessage).toContain(`- 订单号 ${large.outTradeNo}\n- 实收 ¥88.00\n- 阈值 ¥50\n`);
    expect(largeMessage).not.toMatch(/outTradeNo|paidFen|thresholdYuan/);
    // Each raising numbered once for the live pages (the signature failures' figures may have been
    // refreshed since: the sandbox sends a refused notification again).
    const events = await ctx().db.alertEvent.findMany({ where: { type: "RAISED" }, include: { alert: { select: { rule: true } } } });
    expect(events.map((e) => `${e.alert.rule}:${e.type}:${e.actor}`).sort()).toEqual(["INCONSISTENT_NOTIFICATION:RAISED:null", "LARGE_ORDER:RAISED:null", "PAID_AFTER_CLOSE:RAISED:null", "SIGNATURE_FAILURES:RAISED:null"]);
    // The robot whose secret is wrong refused each one; that is recorded on the channel and per delivery.
    const badDeliveries = await ctx().db.alertDelivery.findMany({ where: { channelId: "badsign" } });
    expect(badDeliveries.map((d) => d.ok)).toEqual([false, false, false, false]);
    expect((await ctx().db.alertChannel.findUniqueOrThrow({ where: { id: "badsign" } })).lastError).toContain("310000");
    expect(await ctx().db.alertDelivery.count({ where: { channelId: "ding", ok: true } })).toBe(4);
  });

  it("numbers an operator's acknowledgement and resolution with who did it, and nothing for a refused one", async () => {
    const action = { db: ctx().db, operator: { id: "u1", email: "ops@example.com", name: null, role: "operator" as const, sessionVersion: 0 }, origin: { address: "127.0.0.1", userAgent: "test" }, now: ctx().now() };
    const alert = await ctx().db.alert.findFirstOrThrow({ where: { rule: "LARGE_ORDER" } });
    await acknowledgeAlert(action, alert.id);
    await expect(acknowledgeAlert(action, alert.id)).rejects.toThrow(/acknowledged already/);
    await resolveAlert(action, alert.id, "checked with the shop");
    const events = await ctx().db.alertEvent.findMany({ where: { alertId: alert.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.type, e.actor])).toEqual([["RAISED", null], ["ACKNOWLEDGED", "ops@example.com"], ["RESOLVED", "ops@example.com"]]);
  });

  it("raises a window's alert again only after the last one was resolved; an alert about one order never", async () => {
    await ctx().db.alert.updateMany({ where: { status: "OPEN" }, data: { status: "RESOLVED", resolvedBy: "admin@example.com" } });
    await ctx().db.alert.updateMany({ where: { rule: "SIGNATURE_FAILURES" }, data: { openKey: null } });
    const raised = await checkAlerts(ctx().db, ctx().now());
    expect(raised.map((a) => a.rule)).toEqual(["SIGNATURE_FAILURES"]);
  });
});
