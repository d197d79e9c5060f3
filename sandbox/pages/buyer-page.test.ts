// The buyer's page over real HTTP: each state the cashier can be in, derived from the sandbox's
// stored precreate and trade, and the QR URL itself landing on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_BUYERS } from "../ids";
import { startTestSandbox, type TestSandbox } from "../testing/harness";
import { createOrder, getPage } from "./test-support";

let sandbox: TestSandbox;
const [first, second] = SANDBOX_BUYERS as [(typeof SANDBOX_BUYERS)[number], (typeof SANDBOX_BUYERS)[number]];

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox?.stop();
});

describe("the QR URL /qr/<token>", () => {
  it("opens the cashier for that order before the scan: amount, subject, merchant, Pay", async () => {
    const order = await createOrder(sandbox, { amount: "12.30", subject: "可颂 <b>Croissant</b>" });
    const page = await getPage(sandbox, order.qrPath);
    expect(page.status).toBe(200);
    expect(page.html).toContain("12.30");
    expect(page.html).toContain("可颂 &lt;b&gt;Croissant&lt;/b&gt;");
    expect(page.html).toContain(sandbox.ctx.config.sellerEmail);
    expect(page.html).toContain(`data-qr="${order.qrCode}"`);
    expect(page.html).toContain('data-buyer-action="pay"');
    expect(page.html).toContain("ACQ.TRADE_NOT_EXIST");
    expect(page.html).toContain(first.buyerLogonId);
    expect(page.html).toContain("本地沙箱");
  });

  it("shows the not-found state for an unknown QR", async () => {
    const page = await getPage(sandbox, "/qr/bax0doesnotexist");
    expect(page.status).toBe(404);
    expect(page.html).toContain("二维码无效");
    expect(page.html).not.toContain("data-buyer-action");
  });

  it("shows the paid state with the trade number once paid", async () => {
    const order = await createOrder(sandbox);
    const { json } = await sandbox.api<{ trade: { trade_no: string } }>("POST", "/api/buyer/pay", { qr_code: order.qrCode });
    const page = await getPage(sandbox, `${order.qrPath}?lang=en`);
    expect(page.html).toContain("Payment successful");
    expect(page.html).toContain(json.trade.trade_no);
    expect(page.html).not.toContain("data-buyer-action");
  });

  it("tells a second buyer that another buyer scanned first, and lets the first one pay", async () => {
    const order = await createOrder(sandbox);
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: order.qrCode, buyer_id: second.buyerId });
    const other = await getPage(sandbox, `${order.qrPath}?buyer=${first.buyerId}`);
    expect(other.html).toContain("其他买家已先扫码");
    expect(other.html).not.toContain("data-buyer-action");

    const owner = await getPage(sandbox, `${order.qrPath}?buyer=${second.buyerId}`);
    expect(owner.headers.get("set-cookie")).toContain(`sbx_buyer=${second.buyerId}`);
    expect(owner.html).toContain("WAIT_BUYER_PAY");
    expect(owner.html).toContain('data-buyer-action="pay"');
    expect(owner.html).not.toContain('data-buyer-action="scan"');
  });

  it("shows an expired QR once two hours have passed without a scan", async () => {
    const order = await createOrder(sandbox);
    await sandbox.api("POST", "/api/clock", { advance: "2h" });
    const page = await getPage(sandbox, `${order.qrPath}?lang=en`);
    expect(page.html).toContain("QR code expired");
    expect(page.html).not.toContain("data-buyer-action");
  });

  it("shows a closed trade", async () => {
    const order = await createOrder(sandbox);
    await sandbox.api("POST", "/api/buyer/scan", { qr_code: order.qrCode });
    await sandbox.sdk.exec("alipay.trade.close", { bizContent: { out_trade_no: order.outTradeNo } });
    const page = await getPage(sandbox, order.qrPath);
    expect(page.html).toContain("交易已关闭");
  });
});

describe("/buyer", () => {
  it("waits for a QR code to be pasted", async () => {
    const page = await getPage(sandbox, "/buyer");
    expect(page.status).toBe(200);
    expect(page.html).toContain("等待扫码");
    expect(page.html).toContain('name="qr"');
  });

  it("opens an order by out_trade_no as well as by QR URL", async () => {
    const order = await createOrder(sandbox, { amount: "7.77" });
    for (const ref of [order.outTradeNo, order.qrCode]) {
      const page = await getPage(sandbox, `/buyer?qr=${encodeURIComponent(ref)}`);
      expect(page.html).toContain("7.77");
      expect(page.html).toContain(`data-qr="${order.qrCode}"`);
    }
  });

  it("says what an action's error code means, and escapes whatever detail came with it", async () => {
    const order = await createOrder(sandbox);
    const known = await getPage(sandbox, `${order.qrPath}?notice=OTHER_BUYER&lang=en`);
    expect(known.html).toContain("Another buyer scanned first; only they can pay.");
    const unknown = await getPage(sandbox, `${order.qrPath}?notice=WEIRD_CODE&detail=${encodeURIComponent("<img src=x>")}`);
    expect(unknown.html).toContain("WEIRD_CODE");
    expect(unknown.html).toContain("&lt;img src=x&gt;");
    expect(unknown.html).not.toContain("<img src=x>");
  });

  it("shows the abandoned cashier without touching the trade", async () => {
    const order = await createOrder(sandbox);
    const page = await getPage(sandbox, `${order.qrPath}?notice=ABANDONED`);
    expect(page.html).toContain("已关闭收银台");
    const { json } = await sandbox.api<{ trade: unknown }>("GET", `/api/trades/${order.outTradeNo}`);
    expect(json.trade).toBeNull();
  });
});
