// Each fault mode, shown on the wire: what the merchant's notify endpoint receives, or what the
// gateway answers, when the fault is armed.
import { beforeEach, describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { decodeForm } from "@/lib/alipay/form";
import { verifyNotifySignature } from "@/lib/alipay/notify";
import { execWith, uniqueOutTradeNo, useSandbox, type NotifyReceiver, type TestSandbox } from "../testing/harness";

let sandbox: TestSandbox;
let receiver: NotifyReceiver;
useSandbox({ SANDBOX_TIME_SCALE: "100000" }, (fixture) => ({ sandbox, receiver } = fixture));
beforeEach(async () => {
  await sandbox.api("DELETE", "/api/faults");
});

const exec = execWith(() => sandbox);

async function order(amount = "30.00") {
  const outTradeNo = uniqueOutTradeNo("F");
  const node = await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: amount, subject: "故障测试" }, { notify_url: receiver.url });
  return { outTradeNo, qrCode: node.qr_code as string };
}

async function fault(body: Record<string, unknown>) {
  const { status, json } = await sandbox.api("POST", "/api/faults", body);
  expect(status).toBe(200);
  return json;
}

const pay = (qrCode: string) => sandbox.api("POST", "/api/buyer/pay", { qr_code: qrCode });
const received = (i: number) => decodeForm(receiver.received[i]!.body);

async function notificationsOf(outTradeNo: string) {
  await sandbox.notifier.idle();
  const { json } = await sandbox.api<{ notifications: Array<{ status: string; faults: string[]; attempts: Array<{ outcome: string; attempt: number; copy: number }> }> }>(
    "GET",
    `/api/notifications?out_trade_no=${outTradeNo}`,
  );
  return json.notifications;
}

async function until(check: () => Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("notification faults", () => {
  it("drop: every try is lost; the attempts are kept as DROPPED and the notification fails", async () => {
    const { outTradeNo, qrCode } = await order();
    await fault({ kind: "drop", outTradeNo });
    await pay(qrCode);
    await until(async () => (await notificationsOf(outTradeNo))[0]?.status === "FAILED");
    const [n] = await notificationsOf(outTradeNo);
    expect(n!.attempts.map((a) => a.outcome)).toEqual(Array(8).fill("DROPPED"));
    expect(receiver.received).toHaveLength(0);
  });

  it("drop with attempts=2: lost twice, then delivered by the third try", async () => {
    const { outTradeNo, qrCode } = await order();
    await fault({ kind: "drop", outTradeNo, params: { attempts: 2 } });
    await pay(qrCode);
    await receiver.waitFor(1);
    const [n] = await notificationsOf(outTradeNo);
    expect(n!.attempts.map((a) => a.outcome)).toEqual(["DROPPED", "DROPPED", "ACKED"]);
    expect(n!.status).toBe("DELIVERED");
  });

  it("duplicate: the same notification arrives 1 + times, byte for byte", async () => {
    const { outTradeNo, qrCode } = await order();
    await fault({ kind: "duplicate", outTradeNo, params: { times: 2 } });
    await pay(qrCode);
    await receiver.waitFor(3);
    expect(new Set(receiver.received.map((r) => r.text)).size).toBe(1);
    expect((await notificationsOf(outTradeNo))[0]!.attempts.map((a) => a.copy)).toEqual([0, 1, 2]);
  });

  it("delay: nothing arrives until the delay has passed on the sandbox clock", async () => {
    const { outTradeNo, qrCode } = await order();
    await fault({ kind: "delay", outTradeNo, params: { seconds: 30 * 86_400 } });
    await pay(qrCode);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(0);
    expect((await notificationsOf(outTradeNo))[0]!.status).toBe("PENDING");
    await sandbox.api("POST", "/api/clock", { advance: "31d" });
    await receiver.waitFor(1);
    expect(received(0).params.out_trade_no).toBe(outTradeNo);
  });

  it("out_of_order: the payment notification is held and arrives after the refund's", async () => {
    const { outTradeNo, qrCode } = await order("30.00");
    await fault({ kind: "out_of_order", outTradeNo, event: "PAYMENT", params: { holdSeconds: 86_400 } });
    await pay(qrCode);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(0);
    await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "5.00", out_request_no: "R1" });
    await receiver.waitFor(2);
    expect(received(0).params.refund_fee).toBe("5.00");
    expect(received(1).params.refund_fee).toBeUndefined();
    expect(received(1).params.trade_status).toBe("TRADE_SUCCESS");
  });

  it.each(["bad_signature", "other_key"])("%s: the signature does not verify (SDK and ours)", async (kind) => {
    const { outTradeNo, qrCode } = await order();
    await fault({ kind, outTradeNo });
    await pay(qrCode);
    await receiver.waitFor(1);
    const params = received(0).params;
    expect(sandbox.sdk.checkNotifySignV2(params)).toBe(false);
    expect(verifyNotifySignature(params, sandbox.ctx.keys.alipayPublicKey).verdict).toBe("INVALID");
    expect(params.total_amount).toBe("30.00");
  });

  it("wrong_app_id: a genuine signature over another app's id", async () => {
    const { outTradeNo, qrCode } = await order();
    await fault({ kind: "wrong_app_id", outTradeNo, params: { appId: "2021000000000999" } });
    await pay(qrCode);
    await receiver.waitFor(1);
    const params = received(0).params;
    expect(verifyNotifySignature(params, sandbox.ctx.keys.alipayPublicKey).verdict).toBe("VALID");
    expect(params.app_id).toBe("2021000000000999");
  });

  it("tampered_amount: re-signed, so only the business check can catch it", async () => {
    const { outTradeNo, qrCode } = await order("30.00");
    await fault({ kind: "tampered_amount", outTradeNo, params: { amount: "0.01" } });
    await pay(qrCode);
    await receiver.waitFor(1);
    const params = received(0).params;
    expect(sandbox.sdk.checkNotifySignV2(params)).toBe(true);
    expect(params.total_amount).toBe("0.01");
    const query = await exec("alipay.trade.query", { out_trade_no: outTradeNo });
    expect(query.total_amount).toBe("30.00");
  });

  it("gbk: the body is GBK-encoded, says charset=gbk, and verifies over GBK bytes", async () => {
    const { outTradeNo, qrCode } = await order();
    await fault({ kind: "gbk", outTradeNo });
    await pay(qrCode);
    await receiver.waitFor(1);
    const raw = receiver.received[0]!;
    expect(raw.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=gbk");
    expect(raw.text).toContain(`subject=${[...iconv.encode("故障测试", "gbk")].map((b) => `%${b.toString(16).toUpperCase()}`).join("")}`);
    const decoded = decodeForm(raw.body);
    expect(decoded.charset).toBe("gbk");
    expect(decoded.params.subject).toBe("故障测试");
    expect(verifyNotifySignature(decoded.params, sandbox.ctx.keys.alipayPublicKey, "gbk").verdict).toBe("VALID");
    expect(verifyNotifySignature(decoded.params, sandbox.ctx.keys.alipayPublicKey, "utf-8").verdict).toBe("INVALID");
  });

  it("never_sent: the trade is paid but its notification is never sent (kept as SUPPRESSED)", async () => {
    const { outTradeNo, qrCode } = await order();
    await fault({ kind: "never_sent", outTradeNo });
    await pay(qrCode);
    const [n] = await notificationsOf(outTradeNo);
    expect(n).toMatchObject({ status: "SUPPRESSED", faults: ["never_sent"] });
    expect(n!.attempts).toHaveLength(0);
    expect((await exec("alipay.trade.query", { out_trade_no: outTradeNo })).trade_status).toBe("TRADE_SUCCESS");
    expect(receiver.received).toHaveLength(0);
  });

  it("a global fault with count applies to that many notifications of any trade, then is used up", async () => {
    await fault({ kind: "bad_signature", count: 1 });
    const first = await order();
    const second = await order();
    await pay(first.qrCode);
    await receiver.waitFor(1);
    await pay(second.qrCode);
    await receiver.waitFor(2);
    expect(verifyNotifySignature(received(0).params, sandbox.ctx.keys.alipayPublicKey).verdict).toBe("INVALID");
    expect(verifyNotifySignature(received(1).params, sandbox.ctx.keys.alipayPublicKey).verdict).toBe("VALID");
    expect((await sandbox.api<{ faults: unknown[] }>("GET", "/api/faults")).json.faults).toHaveLength(0);
  });

  it("refuses a fault with a bad kind or parameters, naming the problem", async () => {
    const bad = await sandbox.api<{ error: { code: string; message: string } }>("POST", "/api/faults", { kind: "explode" });
    expect(bad.status).toBe(400);
    const badParam = await sandbox.api<{ error: { message: string } }>("POST", "/api/faults", { kind: "duplicate", params: { times: 0 } });
    expect(badParam.status).toBe(400);
    expect(badParam.json.error.message).toMatch(/params\.times/);
  });
});

describe("gateway faults", () => {
  it("gateway_error before: 20000 isp.unknow-error and nothing was done", async () => {
    await fault({ kind: "gateway_error", method: "alipay.trade.precreate", count: 1 });
    const outTradeNo = uniqueOutTradeNo("G");
    const node = await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "1.00", subject: "s" });
    expect(node).toMatchObject({ code: "20000", msg: "Service Currently Unavailable", sub_code: "isp.unknow-error" });
    expect((await sandbox.api("GET", `/api/trades/${outTradeNo}`)).status).toBe(404);
    expect((await exec("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "1.00", subject: "s" })).code).toBe("10000");
  });

  it("gateway_error after: ACQ.SYSTEM_ERROR, yet the refund went through; the retry with the same out_request_no replays", async () => {
    const { outTradeNo, qrCode } = await order("9.00");
    await pay(qrCode);
    await fault({ kind: "gateway_error", method: "alipay.trade.refund", outTradeNo, count: 1, params: { code: "40004", subCode: "ACQ.SYSTEM_ERROR", when: "after" } });
    const lost = await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "9.00", out_request_no: "RX" });
    expect([lost.code, lost.sub_code]).toEqual(["40004", "ACQ.SYSTEM_ERROR"]);
    const settled = await exec("alipay.trade.fastpay.refund.query", { out_trade_no: outTradeNo, out_request_no: "RX" });
    expect(settled.refund_status).toBe("REFUND_SUCCESS");
    const retry = await exec("alipay.trade.refund", { out_trade_no: outTradeNo, refund_amount: "9.00", out_request_no: "RX" });
    expect(retry).toMatchObject({ code: "10000", fund_change: "N", refund_fee: "9.00" });
  });

  it("a gateway fault scoped to an order also hits calls that name only its trade_no", async () => {
    const { outTradeNo, qrCode } = await order();
    const { json } = await pay(qrCode);
    const tradeNo = (json as { trade: { trade_no: string } }).trade.trade_no;
    await fault({ kind: "gateway_error", outTradeNo, method: "alipay.trade.query", count: 1 });
    expect((await exec("alipay.trade.query", { trade_no: tradeNo })).code).toBe("20000");
    expect((await exec("alipay.trade.query", { trade_no: tradeNo })).code).toBe("10000");
  });

  it("gateway_slow: the answer comes late", async () => {
    await fault({ kind: "gateway_slow", method: "alipay.trade.query", params: { delayMs: 400 }, count: 1 });
    const started = Date.now();
    expect((await exec("alipay.trade.query", { out_trade_no: "X" })).sub_code).toBe("ACQ.TRADE_NOT_EXIST");
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it("gateway_no_answer after: the client times out, but the close happened", async () => {
    const { outTradeNo, qrCode } = await order();
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: qrCode });
    await fault({ kind: "gateway_no_answer", method: "alipay.trade.close", outTradeNo, count: 1, params: { when: "after", holdMs: 2000 } });
    const impatient = new (sandbox.sdk.constructor as typeof import("alipay-sdk").AlipaySdk)({ ...sandbox.sdk.config, timeout: 300 });
    await expect(impatient.exec("alipay.trade.close", { bizContent: { out_trade_no: outTradeNo } })).rejects.toThrow();
    expect((await exec("alipay.trade.query", { out_trade_no: outTradeNo })).trade_status).toBe("TRADE_CLOSED");
  });
});
