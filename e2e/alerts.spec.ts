// Alerts against the whole stack: an admin adds a DingTalk robot (a receiver in this test, checking the
// 加签 signature as DingTalk does); a payment after close raises an alert that appears on the alerts page
// by itself and reaches the robot, signed; an operator acknowledges and resolves it; the audit log has both.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures/auth";
import { apiAuthorization, createOrder, payAtSandbox } from "./fixtures/stack";

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
