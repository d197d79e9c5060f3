// Alerts against the whole stack: an admin adds a DingTalk robot (a receiver in this test, checking the
// 加签 signature as DingTalk does); a payment after close raises an alert that appears on the alerts page
// by itself and reaches the robot, signed; an operator acknowledges and resolves it; the audit log has both.
// And live: with the alerts page and the overview open, a sandbox fault's alert arrives on both through
// the change feed, and another operator's acknowledgement and resolution follow, without a reload.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";

import { signIn } from "./fixtures/auth";
import { addSandboxFault, apiAuthorization, createOrder, payAtSandbox } from "./fixtures/stack";

test.use({ locale: "en-US" });

const SECRET = "SECe2e-robot";

test("a payment after close raises an alert, live and to the robot, and an operator resolves it", async ({ page, browser, request }) => {
  const messages: string[] = [];
  const robot = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://robot.local");
      const timestamp = url.searchParams.get("timestamp") ?? "";
      const sign = createHmac("sha256", SECRET).update(`${timestamp}\n${SECRET}`).digest("base64");
      if (url.searchParams.get("sign") !== sign) return res.end(JSON.stringify({ errcode: 310000, errmsg: "sign not match" }));
      messages.push((JSON.parse(body) as { markdown: { text: string } }).markdown.text);
      res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
  await new Promise<void>((resolve) => robot.listen(0, "127.0.0.1", resolve));
  const robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/robot/send?access_token=e2etoken123456`;

  const admin = await browser.newPage({ locale: "en-US" });
  await signIn(admin, "admin", "/alerts");
  const add = admin.getByRole("form", { name: "Add robot" });
  await add.getByLabel("Name").fill("运营群");
  await add.getByLabel("Webhook URL").fill(robotUrl);
  await add.getByLabel("Signing secret (DingTalk 加签, optional)").fill(SECRET);
  await add.getByRole("button", { name: "Add robot" }).click();
  const channel = admin.locator("li[data-channel]").filter({ hasText: "运营群" });
  await expect(channel).toContainText("access_token=e2et…3456");
  await channel.getByRole("button", { name: "Send a test" }).click();
  await expect(admin.getByText("The robot accepted the test message.")).toBeVisible();

  // Closed here before anyone scanned (Alipay had no trade), then paid through the still-living QR.
  const order = await createOrder(request, "66.00", "告警 · 关闭后支付");
  const closed = await request.post(`/api/v1/orders/${order.outTradeNo}/close`, { headers: apiAuthorization() });
  expect(closed.ok(), await closed.text()).toBe(true);

  await signIn(page, "operator", "/alerts");
  await payAtSandbox(request, order.outTradeNo);
  const row = page.locator("tr[data-rule=PAID_AFTER_CLOSE]").filter({ hasText: order.outTradeNo });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText("Paid after close");
  await expect.poll(() => messages.filter((text) => text.includes(order.outTradeNo)).length, { timeout: 15_000 }).toBe(1);
  expect(messages.find((text) => text.includes(order.outTradeNo))).toContain("订单关闭后被支付");

  await row.getByRole("button", { name: "Acknowledge" }).click();
  await page.goto("/alerts?status=ACKNOWLEDGED");
  const taken = page.locator("tr[data-rule=PAID_AFTER_CLOSE]").filter({ hasText: order.outTradeNo });
  await expect(taken).toContainText("acknowledged by operator@e2e.test");
  await taken.getByRole("button", { name: "Resolve" }).click();
  await taken.getByLabel("Resolution note").fill("已全额退款给买家");
  await taken.getByRole("button", { name: "Resolve" }).last().click();
  await expect(taken).toHaveCount(0);
  await page.goto("/alerts?status=RESOLVED");
  await expect(page.locator("tr[data-rule=PAID_AFTER_CLOSE]").filter({ hasText: order.outTradeNo })).toContainText("已全额退款给买家");

  await admin.goto("/audit?action=alert.resolve");
  await expect(admin.locator("tr[data-audit][data-actor='operator@e2e.test']").first()).toBeVisible();
  await admin.close();
  robot.close();
});

/**
 * Marks an open page: a reload (or any new document) would lose the mark and fire `load` again. (A
 * router.refresh replaces the history entry, which Playwright counts as a navigation: not counted here.)
 */
async function markPage(page: Page): Promise<() => Promise<{ mark: unknown; loads: number; url: string }>> {
  let loads = 0;
  page.on("load", () => void (loads += 1));
  const url = page.url();
  await page.evaluate(() => ((window as unknown as { liveMark?: string }).liveMark = "still here"));
  return async () => ({ mark: await page.evaluate(() => (window as unknown as { liveMark?: string }).liveMark), loads, url: page.url() === url ? "unchanged" : page.url() });
}

test("with the alerts page and the overview open, a fault's alert appears on both through the feed, and another operator's acknowledgement and resolution follow live", async ({ browser, request }) => {
  const operator = await browser.newContext({ locale: "en-US" });
  const alertsPage = await operator.newPage();
  await signIn(alertsPage, "operator", "/alerts");
  const overview = await operator.newPage();
  await overview.goto("/");
  await expect(alertsPage.locator("[data-live-state=live]")).toBeVisible();
  await expect(overview.locator("[data-live-state=live]")).toBeVisible();
  const [alertsPageState, overviewState] = [await markPage(alertsPage), await markPage(overview)];

  // A notification that verifies but names another amount than the order's: refused, and an alert.
  const order = await createOrder(request, "18.00", "告警 · 金额被篡改");
  await addSandboxFault(request, "tampered_amount", order.outTradeNo, { params: { amount: "0.01" } });
  await payAtSandbox(request, order.outTradeNo);

  const row = alertsPage.locator("tr[data-rule=INCONSISTENT_NOTIFICATION]").filter({ hasText: order.outTradeNo }).first();
  await expect(row).toBeVisible({ timeout: 20_000 });
  const id = await row.getAttribute("data-alert");
  expect(id).toBeTruthy();
  // Its figures in words, not field names.
  await expect(row).toContainText(`order number ${order.outTradeNo}`);
  await expect(row).toContainText("outcome: Rejected");
  await expect(row).not.toContainText("outTradeNo");
  const card = overview.locator(`li[data-open-alert="${id}"]`);
  await expect(card).toBeVisible({ timeout: 10_000 });
  await expect(card).toContainText("Verified but inconsistent notification");
  await expect(card).toContainText(`order number ${order.outTradeNo}`);
  await expect(overview.getByRole("list", { name: "Latest changes" })).toContainText("Alert raised: Verified but inconsistent notification");

  // Another operator, elsewhere, takes it and then resolves it.
  const admin = await browser.newContext({ locale: "en-US" });
  const adminPage = await admin.newPage();
  await signIn(adminPage, "admin", "/alerts");
  await adminPage.locator(`tr[data-alert="${id}"]`).getByRole("button", { name: "Acknowledge" }).click();
  // No longer open: it leaves the open tab here; on the overview it stays, acknowledged.
  await expect(alertsPage.locator(`tr[data-alert="${id}"]`)).toHaveCount(0, { timeout: 10_000 });
  await expect(card).toHaveAttribute("data-status", "ACKNOWLEDGED", { timeout: 10_000 });
  await expect(card).toContainText("Acknowledged");

  await adminPage.goto("/alerts?status=ACKNOWLEDGED");
  const taken = adminPage.locator(`tr[data-alert="${id}"]`);
  await taken.getByRole("button", { name: "Resolve" }).click();
  await taken.getByLabel("Resolution note").fill("金额被篡改的通知，已核实未发货");
  await taken.getByRole("button", { name: "Resolve" }).last().click();
  await expect(card).toHaveCount(0, { timeout: 10_000 });

  // All of it arrived without a reload: the pages are the documents first opened.
  expect(await alertsPageState()).toEqual({ mark: "still here", loads: 0, url: "unchanged" });
  expect(await overviewState()).toEqual({ mark: "still here", loads: 0, url: "unchanged" });
  await admin.close();
  await operator.close();
});
