// The developer pages over real HTTP against an in-process sandbox: home, trade detail, the attempts
// page and faults show real data, escape what users typed, and switch language.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNotifyReceiver, startTestSandbox, type NotifyReceiver, type TestSandbox } from "../testing/harness";
import { createOrder, getPage, settledNotification } from "./test-support";

const EVIL = `<script>alert("x")</script> & "quotes"`;

let sandbox: TestSandbox;
let receiver: NotifyReceiver;
let paid: Awaited<ReturnType<typeof createOrder>>;
let rejected: Awaited<ReturnType<typeof createOrder>>;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startNotifyReceiver();
  receiver.reply = (n) => (n.text.includes("REJECTME") ? { status: 500, body: "<h1>boom</h1>" } : { body: "success" });
  paid = await createOrder(sandbox, { subject: EVIL, notifyUrl: receiver.url });
  rejected = await createOrder(sandbox, { subject: "REJECTME", amount: "12.50", notifyUrl: receiver.url });
  await sandbox.api("POST", "/api/faults", { kind: "duplicate", outTradeNo: paid.outTradeNo, params: { times: 1 } });
  for (const order of [paid, rejected]) expect((await sandbox.api("POST", "/api/buyer/pay", { qr_code: order.qrCode })).status).toBe(200);
  await settledNotification(sandbox, paid.outTradeNo);
  await settledNotification(sandbox, rejected.outTradeNo);
});
afterAll(async () => {
  await sandbox?.stop();
  await receiver?.close();
});

describe("GET /", () => {
  it("shows the config, the recent orders with their status and the active faults", async () => {
    const page = await getPage(sandbox, "/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.html).toContain(sandbox.ctx.config.appId);
    expect(page.html).toContain(`${sandbox.url}/gateway.do`);
    expect(page.html).toContain(`href="/trades/${paid.outTradeNo}"`);
    expect(page.html).toContain("¥88.00");
    expect(page.html).toContain("TRADE_SUCCESS");
    expect(page.html).toContain('<span class="chip">duplicate</span>');
  });

  it("escapes a subject instead of running it", async () => {
    const { html } = await getPage(sandbox, "/");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;");
  });
});

describe("GET /trades/<out_trade_no>", () => {
  it("shows the precreate, the trade and each notification with its attempts", async () => {
    const { json } = await sandbox.api<{ trade: { trade_no: string } }>("GET", `/api/trades/${paid.outTradeNo}`);
    const page = await getPage(sandbox, `/trades/${paid.outTradeNo}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(json.trade.trade_no);
    expect(page.html).toContain(paid.qrCode);
    expect(page.html).toContain("<svg");
    expect(page.html).toContain("ACKED");
    expect(page.html.match(/role="row"/g)?.length).toBe(3); // header + the attempt + its duplicate copy
    expect(page.html).not.toContain("<script>alert");
  });

  it("answers 404 in words for an unknown order", async () => {
    const page = await getPage(sandbox, "/trades/NO_SUCH_ORDER");
    expect(page.status).toBe(404);
    expect(page.html).toContain("NO_SUCH_ORDER");
  });
});

describe("GET /notifications", () => {
  it("lists the attempts with outcome, HTTP status and the escaped response body", async () => {
    const page = await getPage(sandbox, `/notifications?out_trade_no=${rejected.outTradeNo}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("REJECTED");
    expect(page.html).toContain("&lt;h1&gt;boom&lt;/h1&gt;");
    expect(page.html).not.toContain("<h1>boom");
    expect(page.html).not.toContain(paid.outTradeNo);
    expect(page.html).toMatch(/data-post="\/api\/notifications\/\d+\/resend"/);
  });

  it("filters by status and keeps the filter in the form", async () => {
    const page = await getPage(sandbox, "/notifications?status=DELIVERED");
    expect(page.html).toContain(paid.outTradeNo);
    expect(page.html).not.toContain(`>${rejected.outTradeNo}<`);
    expect(page.html).toContain('<option value="DELIVERED" selected>');
  });

  it("returns only the live fragment with ?partial=1, for the client's refresh", async () => {
    const page = await getPage(sandbox, `/notifications?out_trade_no=${paid.outTradeNo}&partial=1`);
    expect(page.html).not.toContain("<html");
    expect(page.html).toContain(paid.outTradeNo);
  });
});

describe("GET /faults", () => {
  it("lists the active faults with remove buttons and offers every kind", async () => {
    const { json } = await sandbox.api<{ fault: { id: number } }>("POST", "/api/faults", { kind: "gateway_slow", method: "alipay.trade.query", count: 2 });
    const page = await getPage(sandbox, "/faults");
    expect(page.status).toBe(200);
    expect(page.html).toContain(`data-post="/api/faults/${json.fault.id}"`);
    expect(page.html).toContain("alipay.trade.query");
    for (const kind of ["drop", "duplicate", "gbk", "never_sent", "gateway_no_answer"]) expect(page.html).toContain(`<option value="${kind}"`);
    await sandbox.api("DELETE", `/api/faults/${json.fault.id}`);
  });
});

describe("language", () => {
  it("is Chinese by default, English with ?lang=en, remembered in a cookie", async () => {
    const zh = await getPage(sandbox, "/notifications");
    expect(zh.html).toContain('<html lang="zh-CN">');
    expect(zh.html).toContain("通知投递");

    const en = await getPage(sandbox, "/notifications?lang=en");
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain("Send again");
    expect(en.html).not.toContain("再次发送");
    const cookie = en.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).toBe("sbx_lang=en");

    const remembered = await getPage(sandbox, "/faults", cookie);
    expect(remembered.html).toContain("Add a fault");
  });
});

describe("plumbing", () => {
  it("serves the client scripts and forbids inline script", async () => {
    const script = await fetch(`${sandbox.url}/assets/sandbox.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const page = await getPage(sandbox, "/");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("leaves other paths and methods to the server's JSON 404", async () => {
    expect((await fetch(`${sandbox.url}/nope`)).status).toBe(404);
    expect((await fetch(`${sandbox.url}/assets/other.js`)).status).toBe(404);
    expect((await fetch(`${sandbox.url}/faults`, { method: "POST" })).status).toBe(404);
  });
});
