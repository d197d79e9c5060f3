// The buyer's checkout page against the whole stack: an order made through the API, its QR decoded
// from the image the page shows, paid on the sandbox's buyer page, and the page turning paid by itself.
import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, type Browser, type Page, expect, test } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";

const SANDBOX_URL = process.env.SANDBOX_URL;
const API_KEY_FILE = path.resolve(import.meta.dirname, "..", ".e2e", "api-key.test-key");
const RETURN_URL = "https://shop.example/thanks";
/** What a checkout exposes, and nothing more (no trade number, buyer or operator data). */
const VIEW_KEYS = ["amount", "expiresAt", "id", "qrCode", "returnUrl", "scanned", "state", "subject", "version"];

type CreatedOrder = { id: string; outTradeNo: string; checkoutUrl: string };

function authorization(): Record<string, string> {
  return { authorization: `Bearer ${readFileSync(API_KEY_FILE, "utf8").trim()}` };
}

async function createOrder(request: APIRequestContext, subject: string): Promise<CreatedOrder> {
  const response = await request.post("/api/v1/orders", { headers: authorization(), data: { amount: "12.34", subject, returnUrl: RETURN_URL } });
  expect(response.status()).toBe(201);
  return (await response.json()) as CreatedOrder;
}

/** The QR as the buyer's camera sees it: the pixels of the image on the page, not its markup. */
async function scanQr(page: Page, alt: string): Promise<string> {
  const png = PNG.sync.read(await page.getByRole("img", { name: alt }).screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!code) throw new Error("the QR image on the page does not decode");
  return code.data;
}

/** Pays on the sandbox's buyer page, on another device (a browser context of its own). */
async function payOnPhone(browser: Browser, qrUrl: string): Promise<void> {
  const phone = await browser.newPage({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  await phone.goto(qrUrl);
  await phone.getByRole("button", { name: /确认付款/ }).click();
  await expect(phone.getByRole("heading", { name: "支付成功" })).toBeVisible();
  await phone.close();
}

/** Marks the page's document: a reload or a navigation would lose the mark. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => document.documentElement.setAttribute("data-e2e-mark", "kept"));
}

test.use({ locale: "zh-CN", viewport: { width: 390, height: 844 } });

test("a buyer scans the QR, pays on the phone, and the checkout turns paid without a reload", async ({ page, browser, request, baseURL }) => {
  if (!SANDBOX_URL) throw new Error("SANDBOX_URL must be set (playwright.config.ts sets it)");
  const order = await createOrder(request, "拿铁 Latte ×2");
  expect(order.checkoutUrl).toBe(`${baseURL}/checkout/${order.id}`);
  const requests: string[] = [];
  page.on("request", (sent) => requests.push(new URL(sent.url()).pathname));

  await page.goto(`/checkout/${order.id}`);
  await expect(page).toHaveTitle("收银台 · ¥12.34");
  await expect(page.getByRole("heading", { level: 1, name: "拿铁 Latte ×2" })).toBeVisible();
  await expect(page.getByText("¥12.34", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "请使用支付宝扫码付款" })).toBeVisible();
  await expect(page.getByRole("timer")).toHaveText(/^剩余付款时间 (29:[0-5]\d|30:00)$/);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);

  const qrUrl = await scanQr(page, "支付宝付款二维码");
  expect(qrUrl).toMatch(new RegExp(`^${SANDBOX_URL}/qr/\\w+`));
  await markDocument(page);

  await payOnPhone(browser, qrUrl);

  await expect(page.getByRole("heading", { name: "支付成功" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText("已付款 ¥12.34。")).toBeVisible();
  await expect(page.getByRole("link", { name: "返回商家" })).toHaveAttribute("href", RETURN_URL);
  await expect(page.getByRole("img", { name: "支付宝付款二维码" })).toHaveCount(0);
  await expect(page.getByRole("timer")).toHaveCount(0);
  await expect(page.locator("html")).toHaveAttribute("data-e2e-mark", "kept");
  // It heard of the payment through its event stream, not by polling.
  expect(requests).toContain(`/api/checkout/${order.id}/events`);
  expect(requests).not.toContain(`/api/checkout/${order.id}`);
  // And the console through Alipay's notification, verified and applied (not the worker's query).
  const log = await request.get(`/api/v1/notifications?outTradeNo=${order.outTradeNo}`, { headers: authorization() });
  const { notifications } = (await log.json()) as { notifications: { signature: string; outcome: string; reply: string }[] };
  expect(notifications.map((n) => [n.signature, n.outcome, n.reply])).toEqual([["VALID", "APPLIED", "success"]]);
});

test("without its event stream the page polls, and still turns paid without a reload", async ({ page, request }) => {
  const order = await createOrder(request, "Polling");
  await page.route("**/api/checkout/*/events", (route) => route.fulfill({ status: 503, body: "" }));
  const polls: string[] = [];
  page.on("request", (sent) => {
    if (new URL(sent.url()).pathname === `/api/checkout/${order.id}`) polls.push(sent.url());
  });
  await page.goto(`/checkout/${order.id}`);
  await expect.poll(() => polls.length).toBeGreaterThan(0);
  await markDocument(page);

  const created = (await (await request.get(`/api/v1/orders/${order.outTradeNo}`, { headers: authorization() })).json()) as { qrCode: string };
  const paid = await request.post(`${SANDBOX_URL}/api/buyer/pay`, { data: { qr_code: created.qrCode } });
  expect(paid.status()).toBe(200);

  await expect(page.getByRole("heading", { name: "支付成功" })).toBeVisible({ timeout: 15_000 });
  await expect(page.locator("html")).toHaveAttribute("data-e2e-mark", "kept");
});

test("a closed order shows that it is closed, live and after a reload, and no QR", async ({ page, request }) => {
  const order = await createOrder(request, "Closed");
  await page.goto(`/checkout/${order.id}`);
  await expect(page.getByRole("img", { name: "支付宝付款二维码" })).toBeVisible();

  const closed = await request.post(`/api/v1/orders/${order.outTradeNo}/close`, { headers: authorization() });
  expect(closed.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "订单已关闭" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("img", { name: "支付宝付款二维码" })).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole("heading", { name: "订单已关闭" })).toBeVisible();
  await expect(page.getByRole("img")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "返回商家" })).toHaveCount(0);

  const view = (await (await request.get(`/api/checkout/${order.id}`)).json()) as Record<string, unknown>;
  expect(Object.keys(view).sort()).toEqual(VIEW_KEYS);
  expect(view).toMatchObject({ state: "CLOSED", qrCode: null, returnUrl: null, amount: "12.34" });
});

test("a payment after a close (the QR scanned from elsewhere) turns the closed checkout paid, live", async ({ page, request }) => {
  const order = await createOrder(request, "Paid after close");
  const created = (await (await request.get(`/api/v1/orders/${order.outTradeNo}`, { headers: authorization() })).json()) as { qrCode: string };
  expect((await request.post(`/api/v1/orders/${order.outTradeNo}/close`, { headers: authorization() })).status()).toBe(200);
  await page.goto(`/checkout/${order.id}`);
  await expect(page.getByRole("heading", { name: "订单已关闭" })).toBeVisible();
  await markDocument(page);

  // Closed before anyone scanned, the QR still lives at Alipay until it expires (§3.1).
  expect((await request.post(`${SANDBOX_URL}/api/buyer/pay`, { data: { qr_code: created.qrCode } })).status()).toBe(200);
  await expect(page.getByRole("heading", { name: "支付成功" })).toBeVisible({ timeout: 15_000 });
  await expect(page.locator("html")).toHaveAttribute("data-e2e-mark", "kept");
  const paid = (await (await request.get(`/api/v1/orders/${order.outTradeNo}`, { headers: authorization() })).json()) as { status: string; anomalies: string[] };
  expect(paid).toMatchObject({ status: "PAID", anomalies: ["PAID_AFTER_CLOSE"] });
});

test.describe("in English", () => {
  test("the language switch turns the checkout into English and the choice stays", async ({ page, request }) => {
    const order = await createOrder(request, "Latte");
    await page.goto(`/checkout/${order.id}`);
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { name: "Scan with Alipay to pay" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("timer")).toHaveText(/^Time left to pay: \d\d:\d\d$/);
    await expect(page.getByRole("img", { name: "Alipay payment QR code" })).toBeVisible();

    await page.reload();
    await expect(page).toHaveTitle("Checkout · ¥12.34");
    await expect(page.getByRole("heading", { name: "Scan with Alipay to pay" })).toBeVisible();
  });

  test.describe("for an English browser", () => {
    test.use({ locale: "en-US" });

    test("follows Accept-Language", async ({ page, request }) => {
      const order = await createOrder(request, "Latte");
      await page.goto(`/checkout/${order.id}`);
      await expect(page.getByRole("heading", { name: "Scan with Alipay to pay" })).toBeVisible();
    });
  });
});

test("an unknown checkout is a 404, for the page and for its APIs", async ({ page, request }) => {
  const unknown = "AAAAAAAAAAAAAAAAAAAAAA";
  const response = await page.goto(`/checkout/${unknown}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "找不到此付款页面" })).toBeVisible();
  await expect(page.getByRole("button", { name: "English" })).toBeVisible();

  for (const url of [`/api/checkout/${unknown}`, `/api/checkout/${unknown}/events`]) {
    const answer = await request.get(url);
    expect(answer.status(), url).toBe(404);
  }
  const body = (await (await request.get(`/api/checkout/${unknown}`)).json()) as { error: { code: string } };
  expect(body.error.code).toBe("NOT_FOUND");
});
