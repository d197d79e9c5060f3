// The sandbox's own pages in a real browser: a merchant creates an order with the official SDK, a
// phone opens the QR URL and pays, and the attempts page shows the notification that followed.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { AlipaySdk } from "alipay-sdk";

const SANDBOX_URL = process.env.SANDBOX_URL;
const SANDBOX_DATA_DIR = process.env.SANDBOX_DATA_DIR;
const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));

test.use({ baseURL: SANDBOX_URL });

let receiver: Server;
let notifyUrl: string;

// The merchant's notify endpoint for this spec: acknowledges every notification as Alipay expects.
test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "text/plain" }).end("success"));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

test("a phone pays through the QR URL and the attempts page shows the notification", async ({ page, request }) => {
  if (!SANDBOX_URL || !SANDBOX_DATA_DIR) throw new Error("SANDBOX_URL and SANDBOX_DATA_DIR must be set (playwright.config.ts sets them)");
  const config = (await (await request.get("/api/config")).json()) as { app_id: string; alipayPublicKey: string; gateway_url: string };
  const sdk = new AlipaySdk({
    appId: config.app_id,
    privateKey: readFileSync(path.join(SANDBOX_DATA_DIR!, "keys", "app-private.test-key.pem"), "utf8"),
    keyType: "PKCS8",
    alipayPublicKey: config.alipayPublicKey,
    gateway: config.gateway_url,
    camelcase: false,
  });
  const outTradeNo = `E2E${Date.now()}`;
  const precreate = (await sdk.exec(
    "alipay.trade.precreate",
    { notify_url: notifyUrl, bizContent: { out_trade_no: outTradeNo, total_amount: "88.00", subject: "拿铁 Latte ×2" } },
    { validateSign: true },
  )) as unknown as { code: string; qr_code: string };
  expect(precreate.code).toBe("10000");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(new URL(precreate.qr_code).pathname);
  await expect(page.getByText("本地沙箱").first()).toBeVisible();
  await expect(page.getByText("拿铁 Latte ×2")).toBeVisible();
  await page.getByRole("button", { name: /确认付款/ }).click();
  await expect(page.getByRole("heading", { name: "支付成功" })).toBeVisible();
  const trade = (await (await request.get(`/api/trades/${outTradeNo}`)).json()) as { trade: { trade_no: string; trade_status: string } };
  expect(trade.trade.trade_status).toBe("TRADE_SUCCESS");
  await expect(page.getByText(trade.trade.trade_no)).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "sandbox-buyer-paid.png"), fullPage: true });

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/notifications?out_trade_no=${outTradeNo}`);
  const card = page.getByRole("article").filter({ hasText: outTradeNo });
  // The page refreshes itself: the attempt shows up without a reload even if it was still in flight.
  await expect(card.getByText("DELIVERED")).toBeVisible({ timeout: 15_000 });
  await expect(card.getByRole("row").filter({ hasText: "ACKED" })).toHaveCount(1);
  await expect(card.getByRole("cell", { name: "success", exact: true })).toBeVisible();
  await expect(card.getByRole("button", { name: "再次发送" })).toBeEnabled();
  await page.screenshot({ path: path.join(SCREENSHOTS, "sandbox-notifications.png"), fullPage: true });

  await page.getByRole("link", { name: "English" }).click();
  await expect(card.getByRole("button", { name: "Send again" })).toBeVisible();
});
