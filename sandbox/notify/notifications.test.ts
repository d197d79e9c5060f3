// Every notification on the wire: the real trade_status_sync form, RSA2-signed (the official SDK's
// checkNotifySignV2 and our V1 verifier both accept it), the fields of each status change, and
// retries on Alipay's schedule until the exact body `success`.
import { describe, expect, it } from "vitest";
import { decodeForm } from "@/lib/alipay/form";
import { verifyNotifySignature } from "@/lib/alipay/notify";
import { startNotifyReceiver, uniqueOutTradeNo, useSandbox, type NotifyReceiver, type TestSandbox } from "../testing/harness";
import { RETRY_GAPS_SECONDS } from "./notifier";

let sandbox: TestSandbox;
let receiver: NotifyReceiver;
useSandbox({ SANDBOX_TIME_SCALE: "60000" }, (fixture) => ({ sandbox, receiver } = fixture));

async function order(amount = "20.00", extra: Record<string, unknown> = {}) {
  const outTradeNo = uniqueOutTradeNo("N");
  const node = (await sandbox.sdk.exec(
    "alipay.trade.precreate",
    { notify_url: receiver.url, bizContent: { out_trade_no: outTradeNo, total_amount: amount, subject: "yansongda+测试 - 1", ...extra } },
    { validateSign: true },
  )) as unknown as { qr_code: string };
  return { outTradeNo, qrCode: node.qr_code };
}

function params(index: number): Record<string, string> {
  return decodeForm(receiver.received[index]!.body).params;
}

function expectGenuine(p: Record<string, string>) {
  expect(sandbox.sdk.checkNotifySignV2(p)).toBe(true);
  expect(verifyNotifySignature(p, sandbox.ctx.keys.alipayPublicKey).verdict).toBe("VALID");
}

describe("notifications", () => {
  it("sends TRADE_SUCCESS on payment with every field of §4.2, signed", async () => {
    const { outTradeNo, qrCode } = await order("20.00", { body: "两杯", passback_params: encodeURIComponent("a=1&b=2") });
    await sandbox.api("POST", "/api/buyer/pay", { qr_code: qrCode });
    await receiver.waitFor(1);
    const p = params(0);
    expectGenuine(p);
    expect(receiver.received[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
    expect(p).toMatchObject({
      notify_type: "trade_status_sync",
      app_id: sandbox.ctx.config.appId,
      auth_app_id: sandbox.ctx.config.appId,
      charset: "utf-8",
      version: "1.0",
      sign_type: "RSA2",
      out_trade_no: outTradeNo,
      trade_status: "TRADE_SUCCESS",
      total_amount: "20.00",
      receipt_amount: "20.00",
      invoice_amount: "20.00",
      buyer_pay_amount: "20.00",
      point_amount: "0.00",
      seller_id: sandbox.ctx.config.sellerId,
      subject: "yansongda+测试 - 1",
      body: "两杯",
      passback_params: "a%3D1%26b%3D2",
      buyer_id: "2088102177846880",
      buyer_logon_id: "ifv***@sandbox.com",
    });
    expect(p.notify_id).toMatch(/^\d{34}$/);
    expect(p.trade_no).toMatch(/^\d{28}$/);
    expect(p.notify_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(p.gmt_payment).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(JSON.parse(p.fund_bill_list!)).toEqual([{ amount: "20.00", fundChannel: "ALIPAYACCOUNT" }]);
    expect(p.refund_fee).toBeUndefined();
    expect(receiver.received[0]!.text).toContain("subject=yansongda%2B");
  });

  it("sends partial refunds as TRADE_SUCCESS with cumulative refund_fee, gmt_refund in milliseconds and out_biz_no; a full refund as TRADE_CLOSED", async () => {
    const { outTradeNo, qrCode } = await order("10.00");
    await sandbox.api("POST", "/api/buyer/pay", { qr_code: qrCode });
    await receiver.waitFor(1);
    await sandbox.sdk.exec("alipay.trade.refund", { bizContent: { out_trade_no: outTradeNo, refund_amount: "4.00", out_request_no: "RA" } });
    await receiver.waitFor(2);
    const partial = params(1);
    expectGenuine(partial);
    expect(partial).toMatchObject({ trade_status: "TRADE_SUCCESS", refund_fee: "4.00", out_biz_no: "RA", total_amount: "10.00" });
    expect(partial.gmt_refund).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(partial.notify_id).not.toBe(params(0).notify_id);

    await sandbox.sdk.exec("alipay.trade.refund", { bizContent: { out_trade_no: outTradeNo, refund_amount: "6.00", out_request_no: "RB" } });
    await receiver.waitFor(3);
    const full = params(2);
    expectGenuine(full);
    expect(full).toMatchObject({ trade_status: "TRADE_CLOSED", refund_fee: "10.00", out_biz_no: "RB" });
    expect(full.gmt_close).toBeDefined();
  });

  it("sends a refund's notification to the refund request's own notify_url when it gives one", async () => {
    const other = await startNotifyReceiver();
    try {
      const { outTradeNo, qrCode } = await order("10.00");
      await sandbox.api("POST", "/api/buyer/pay", { qr_code: qrCode });
      await receiver.waitFor(1);
      await sandbox.sdk.exec("alipay.trade.refund", { notify_url: other.url, bizContent: { out_trade_no: outTradeNo, refund_amount: "1.00", out_request_no: "RN" } });
      await other.waitFor(1);
      expect(decodeForm(other.received[0]!.body).params).toMatchObject({ out_biz_no: "RN", refund_fee: "1.00" });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("sends TRADE_CLOSED without refund fields when an unpaid trade is closed, and TRADE_FINISHED when the refund window ends", async () => {
    const unpaid = await order();
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: unpaid.qrCode });
    await sandbox.sdk.exec("alipay.trade.close", { bizContent: { out_trade_no: unpaid.outTradeNo } });
    await receiver.waitFor(1);
    expectGenuine(params(0));
    expect(params(0)).toMatchObject({ trade_status: "TRADE_CLOSED", out_trade_no: unpaid.outTradeNo });
    expect(params(0).refund_fee).toBeUndefined();
    expect(params(0).gmt_refund).toBeUndefined();
    expect(params(0).gmt_payment).toBeUndefined();

    const paid = await order();
    await sandbox.api("POST", "/api/buyer/pay", { qr_code: paid.qrCode });
    await receiver.waitFor(2);
    await sandbox.api("POST", `/api/trades/${paid.outTradeNo}/finish`);
    await receiver.waitFor(3);
    expectGenuine(params(2));
    expect(params(2)).toMatchObject({ trade_status: "TRADE_FINISHED", out_trade_no: paid.outTradeNo });
  });

  it("sends no notification for the scan (WAIT_BUYER_PAY) nor without a notify_url", async () => {
    const scanned = await order();
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: scanned.qrCode });
    const silent = await sandbox.sdk.exec("alipay.trade.precreate", { bizContent: { out_trade_no: uniqueOutTradeNo(), total_amount: "1.00", subject: "s" } });
    await sandbox.api("POST", "/api/buyer/pay", { qr_code: (silent as unknown as { qr_code: string }).qr_code });
    const probe = await order();
    await sandbox.api("POST", "/api/buyer/pay", { qr_code: probe.qrCode });
    await receiver.waitFor(1);
    await sandbox.notifier.idle();
    expect(receiver.received.map((r) => decodeForm(r.body).params.out_trade_no)).toEqual([probe.outTradeNo]);
  });

  it("retries on anything but the exact body `success`, eight tries on the 4m,10m,10m,1h,2h,6h,15h schedule, same notify_id", async () => {
    const answers = [
      { status: 500, body: "success" },
      { body: "SUCCESS" },
      { body: "success\n" },
      { body: " success" },
      { body: "<html>success</html>" },
      { body: "fail" },
      { status: 302, body: "" },
      { body: "failure" },
    ];
    receiver.reply = (_n, i) => answers[i] ?? { body: "success" };
    const { outTradeNo, qrCode } = await order();
    await sandbox.api("POST", "/api/buyer/pay", { qr_code: qrCode });
    await receiver.waitFor(8, 20_000);
    await sandbox.notifier.idle();
    const ids = new Set(receiver.received.map((r) => decodeForm(r.body).params.notify_id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^\d{34}$/);
    for (let i = 0; i < 8; i++) expectGenuine(params(i));

    const { json } = await sandbox.api<{ notifications: Array<{ status: string; attempts: Array<{ outcome: string; http_status: number; response_body: string; latency_ms: number; at_iso: string }> }> }>(
      "GET",
      `/api/notifications?out_trade_no=${outTradeNo}`,
    );
    const [notification] = json.notifications;
    expect(notification!.status).toBe("FAILED");
    expect(notification!.attempts).toHaveLength(8);
    expect(notification!.attempts.map((a) => a.outcome)).toEqual(Array(8).fill("REJECTED"));
    expect(notification!.attempts[0]).toMatchObject({ http_status: 500, response_body: "success" });
    expect(notification!.attempts[2]!.response_body).toBe("success\n");
    expect(notification!.attempts.every((a) => typeof a.latency_ms === "number")).toBe(true);
    const gaps = notification!.attempts.slice(1).map((a, i) => Date.parse(a.at_iso) - Date.parse(notification!.attempts[i]!.at_iso));
    // Compressed 60000×: 4 ms, 10 ms, 10 ms, 60 ms, 120 ms, 360 ms, 900 ms (plus scheduling jitter).
    // Written out, not read from the implementation: a wrong constant there must fail here.
    expect(RETRY_GAPS_SECONDS).toEqual([240, 600, 600, 3600, 7200, 21_600, 54_000]);
    [240, 600, 600, 3600, 7200, 21_600, 54_000].forEach((seconds, i) => {
      const expected = (seconds * 1000) / 60000;
      expect(gaps[i]).toBeGreaterThanOrEqual(expected - 1);
      expect(gaps[i]).toBeLessThan(expected + 500);
    });
    expect(gaps[6]).toBeGreaterThan(gaps[5]!);
    expect(gaps[5]).toBeGreaterThan(gaps[4]!);
  }, 30_000);

  it("stops retrying once acknowledged, and sends again on request with the same notify_id", async () => {
    receiver.reply = (_n, i) => (i === 0 ? { body: "fail" } : { body: "success" });
    const { outTradeNo, qrCode } = await order();
    await sandbox.api("POST", "/api/buyer/pay", { qr_code: qrCode });
    await receiver.waitFor(2);
    await sandbox.notifier.idle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received).toHaveLength(2);
    const again = await sandbox.api("POST", `/api/trades/${outTradeNo}/notify`);
    expect(again.status).toBe(200);
    await receiver.waitFor(3);
    expect(params(2).notify_id).toBe(params(0).notify_id);
    expectGenuine(params(2));
  });

  it("records a merchant that does not answer, or is down, as an error attempt", async () => {
    const { outTradeNo, qrCode } = await sandbox.sdk
      .exec("alipay.trade.precreate", { notify_url: "http://127.0.0.1:9/notify", bizContent: { out_trade_no: uniqueOutTradeNo(), total_amount: "1.00", subject: "s" } })
      .then((node) => ({ outTradeNo: (node as unknown as { out_trade_no: string }).out_trade_no, qrCode: (node as unknown as { qr_code: string }).qr_code }));
    await sandbox.api("POST", "/api/buyer/pay", { qr_code: qrCode });
    const deadline = Date.now() + 5000;
    let attempts: Array<{ outcome: string; error: string | null }> = [];
    while (attempts.length === 0 && Date.now() < deadline) {
      const { json } = await sandbox.api<{ notifications: Array<{ attempts: typeof attempts }> }>("GET", `/api/notifications?out_trade_no=${outTradeNo}`);
      attempts = json.notifications[0]?.attempts ?? [];
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(attempts[0]).toMatchObject({ outcome: "ERROR" });
    expect(attempts[0]!.error).toMatch(/ECONNREFUSED|fetch failed/);
  });
});
